// @ts-check
import eslint from "@eslint/js";
import tseslint from "typescript-eslint";

// Importing a prebuilt provider package's root loads ~1,500 modules (seconds, hundreds of MB):
// always import the one resource module, e.g. "@cdktf/provider-azurerm/lib/linux-web-app".
const providerRoots = ["@cdktf/provider-azurerm", "@cdktf/provider-azuread", "@cdktf/provider-random"];

export default tseslint.config(
  { ignores: ["node_modules/", "cdktf.out/", "dist/", "lib/", "coverage/", "**/*.js", "**/*.mjs"] },
  eslint.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: providerRoots.map((name) => ({
            name,
            message: `Import the resource module instead, e.g. "${name}/lib/<resource>": the package root is slow to load.`,
          })),
        },
      ],
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", ignoreRestSiblings: true }],
    },
  },
  {
    // Tests may require() a module inside a test, e.g. to read a constant next to the value it checks.
    files: ["test/**/*.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
);
