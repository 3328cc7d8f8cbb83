import { verdict, type Rule } from "../rule";
import { stringsIn, templateParts } from "../values";
import { lastSegment } from "./secret-vocabulary";

/** Values that stand for a credential rather than being one: `$VAR`, `${...}`, `<password>`, `{0}`, `%s`. */
const PLACEHOLDER = /^[$<{%]/;

interface Detector {
  readonly what: string;
  readonly pattern: RegExp;
  /** Index of the capture group holding the credential, checked against PLACEHOLDER; 0 = the whole match. */
  readonly secretGroup: number;
}

const DETECTORS: readonly Detector[] = [
  {
    what: "a password inside a URL (scheme://user:password@host)",
    pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]+:([^\s/@'"]+)@/gi,
    secretGroup: 1,
  },
  {
    what: "a key or password inside a connection string",
    pattern:
      /\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|ClientSecret)\s*=\s*([^;'"\s&]+)/gi,
    secretGroup: 1,
  },
  { what: "a SAS token signature (sig=...)", pattern: /[?&]sig=([A-Za-z0-9%+/=]{16,})/g, secretGroup: 1 },
  { what: "a PEM private key", pattern: /-----BEGIN (?:[A-Z]+ )*PRIVATE KEY-----/g, secretGroup: 0 },
  {
    what: "a storage account key",
    pattern: /(?<![A-Za-z0-9+/])[A-Za-z0-9+/]{86}==(?![A-Za-z0-9+/=])/g,
    secretGroup: 0,
  },
  {
    what: "an Entra client secret",
    pattern: /(?<![\w~.-])[\w~.-]{3}\dQ~[\w~.-]{31,34}(?![\w~.-])/g,
    secretGroup: 0,
  },
];

/** What of a string a human (or a VM) will read: literal text, and string literals inside expressions. */
function readableText(value: string): string {
  return templateParts(value)
    .map((part) =>
      part.kind === "literal"
        ? part.text
        : [...part.text.matchAll(/"((?:[^"\\]|\\.)*)"/g)].map((m) => m[1]).join("\n"),
    )
    .join("\n");
}

/** custom_data / user_data given as literal base64 are scanned decoded: that is what cloud-init reads. */
function decodedIfBase64(path: string, value: string): string | undefined {
  if (!["custom_data", "user_data"].includes(lastSegment(path))) return undefined;
  const compact = value.replace(/\s/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact))
    return undefined;
  return Buffer.from(compact, "base64").toString("utf8");
}

function findings(path: string, text: string): string[] {
  return DETECTORS.flatMap(({ what, pattern, secretGroup }) =>
    [...text.matchAll(pattern)]
      .filter((match) => !PLACEHOLDER.test(match[secretGroup] ?? ""))
      .slice(0, 1)
      .map(() => `${path} contains ${what}`),
  );
}

/**
 * Credentials hide inside longer strings too: connection strings, URLs, scripts and cloud-init. The decoded
 * custom_data of a VM is as readable as its arguments (anyone with VM read access can fetch it).
 */
export const secretNoEmbeddedCredentials: Rule = {
  id: "MLF-SEC-2",
  title:
    "No string embeds a credential (URL passwords, connection-string keys, SAS signatures, private keys).",
  appliesTo: "all",
  fix: "keep the credential in Key Vault and read it at run time (managed identity), or reference a generated value.",
  check: ({ config }) =>
    verdict(
      ...stringsIn(config).flatMap(({ path, value }) => {
        const decoded = decodedIfBase64(path, value);
        return decoded !== undefined
          ? findings(`${path} (decoded)`, decoded)
          : findings(path, readableText(value));
      }),
    ),
};
