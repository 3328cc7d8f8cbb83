import { readFileSync } from "fs";
import { join } from "path";
import * as ts from "typescript";

const CONSTRUCTS = join(__dirname, "..", "constructs");

/** Each building block's README and the props interfaces (file, interface) its props tables describe. */
const READMES: Record<string, [string, string][]> = {
  "app-proxy/README.md": [
    ["app-proxy/index.ts", "AppProxyFrontDoorProps"],
    ["front-door.ts", "FrontDoorProps"],
    ["app-proxy/mlflow-vm.ts", "MlflowVmProps"],
    ["app-proxy/ssh-public-key.ts", "GeneratedSshPublicKeyProps"],
    ["app-proxy/connector-hosts.ts", "ConnectorHostsProps"],
    ["app-proxy/connector-group.ts", "ConnectorGroupProps"],
    ["app-proxy/publishing.ts", "AppProxyPublishingProps"],
    ["app-proxy/msgraph/provider.ts", "MsgraphProviderConfig"],
  ],
  "easyauth/README.md": [
    ["easyauth/index.ts", "EasyAuthFrontDoorProps"],
    ["front-door.ts", "FrontDoorProps"],
    ["easyauth/client-credential.ts", "EasyAuthClientCredentialProps"],
  ],
  "entra/README.md": [
    ["entra/entra-app-props.ts", "MlflowEntraAppProps"],
    ["entra/native-client.ts", "NativeClientProps"],
  ],
  "policy/README.md": [["policy/rule-pack.ts", "SecurityRulePackProps"]],
  "monitoring/README.md": [["monitoring/index.ts", "MonitoringProps"]],
  "authz/README.md": [["authz/package.ts", "AuthzEnvironmentProps"]],
};

/** The property names an interface declares itself (not what it extends). */
function propsOf(file: string, name: string): string[] {
  const path = join(CONSTRUCTS, file);
  const source = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
  const found = source.statements.find(
    (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name,
  );
  if (!found) throw new Error(`no interface ${name} in ${file}`);
  return found.members.flatMap((m) => (m.name && ts.isIdentifier(m.name) ? [m.name.text] : []));
}

describe("each building block's README describes every prop", () => {
  test.each(
    Object.entries(READMES).flatMap(([readme, interfaces]) =>
      interfaces.map(([file, name]) => [readme, file, name]),
    ),
  )("%s: %s %s", (readme, file, name) => {
    const text = readFileSync(join(CONSTRUCTS, readme), "utf8");
    expect(text).toContain(`\`${name}\``);
    const props = propsOf(file, name);
    expect(props.length).toBeGreaterThan(0);
    expect(props.filter((prop) => !text.includes(`\`${prop}\``))).toEqual([]);
  });
});
