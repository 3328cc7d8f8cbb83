import { formatCidr, isCidr, isPrivateIpv4, parseCidr } from "../cidr";
import { parseKeyVaultSecretId } from "../data/secret-id";
import { CLIENT_SECRET_NAME } from "../easyauth/client-secret-steps";
import { GUID_PATTERN } from "../entra/well-known-ids";
import { isPinned, parseImageReference } from "../image-reference";
import { DEFAULT_MLFLOW_IMAGE } from "../mlflow-server";
import { MAX_ADDRESS_SPACE_PREFIX, RESERVED_LINUX_USERS, TAG_LIMITS } from "./azure-limits";
import { AZURE_REGIONS } from "./regions";
import { didYouMean, type Check, type StringRule, type Validator } from "./validation";

/** Checks of single values: each returns the value when valid, or records one problem and returns undefined. */

export const GUID_RULE: StringRule = {
  pattern: GUID_PATTERN,
  accepted: "expected a GUID like 00000000-0000-0000-0000-000000000000",
};
export const SERVICE_PRINCIPAL_RULE: StringRule = {
  pattern: GUID_PATTERN,
  accepted:
    "expected a service principal's object id (a GUID), as 'az ad sp show --id <appId> --query id -o tsv' prints it",
};

/**
 * A group is named by its object id; a name is the likely mistake, so say how to look the id up. `az ad group show
 * --group` takes the "group's object id or display name" (Azure/azure-cli, role/_params.py, group_help_msg).
 */
export function groupObjectIdRule(value: unknown): StringRule {
  // A placeholder copied from an example ("<object id>") is no group's name.
  const group = typeof value === "string" && value && !/^<.*>$/.test(value) ? value : "<group name>";
  return {
    pattern: GUID_PATTERN,
    accepted: `expected a GUID, the group's object id: 'az ad group show --group ${JSON.stringify(group)} --query id -o tsv' prints it`,
  };
}

/** https://learn.microsoft.com/azure/azure-resource-manager/management/resource-name-rules#microsoftresources */
export const RESOURCE_GROUP_NAME_RULE: StringRule = {
  pattern: /^[-\w.()]{0,89}[-\w()]$/u,
  accepted:
    "expected a resource group name: 1-90 letters, digits, underscores, hyphens, periods or parentheses, not ending in a period",
};

export const VM_SIZE_RULE: StringRule = {
  pattern: /^Standard_[A-Za-z0-9_]+$/,
  accepted: 'expected an Azure VM size like "Standard_D2s_v5"',
};

export function checkLocation(v: Validator, field: string, value: unknown): string | undefined {
  if (typeof value === "string" && AZURE_REGIONS.includes(value)) return value;
  const hint = typeof value === "string" ? didYouMean(value.replace(/\s+/g, ""), AZURE_REGIONS) : "";
  return v.fail(
    field,
    value,
    `expected an Azure region name as 'az account list-locations' prints it, e.g. "westeurope"${hint}`,
  );
}

export function checkAddressSpace(v: Validator, field: string, value: unknown): string | undefined {
  if (typeof value !== "string")
    return v.fail(field, value, 'expected an IPv4 CIDR string like "10.20.0.0/24"');
  const cidr = parseCidr(value);
  if (!isCidr(cidr)) return v.fail(field, value, `${cidr.error} (e.g. "10.20.0.0/24")`);
  if (cidr.prefixLength > MAX_ADDRESS_SPACE_PREFIX) {
    return v.fail(
      field,
      value,
      `expected a /${MAX_ADDRESS_SPACE_PREFIX} or larger (e.g. "${formatCidr({ network: cidr.network, prefixLength: MAX_ADDRESS_SPACE_PREFIX })}"): the five subnets need 128 addresses`,
    );
  }
  if (!isPrivateIpv4(cidr.network)) {
    return v.fail(
      field,
      value,
      "expected a private range (10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16) so it cannot clash with public addresses",
    );
  }
  return value;
}

export function checkCidr(v: Validator, field: string, value: unknown): string | undefined {
  if (typeof value !== "string")
    return v.fail(field, value, 'expected an IPv4 CIDR string like "10.30.0.0/24"');
  const cidr = parseCidr(value.includes("/") ? value : `${value}/32`);
  return isCidr(cidr) ? value : v.fail(field, value, `${cidr.error} (e.g. "10.30.0.0/24")`);
}

/** A registry and a pin (tag other than `latest`, or digest): an unpinned image changes under a running deployment. */
export function checkImage(v: Validator, field: string, value: unknown): string | undefined {
  const image = typeof value === "string" ? parseImageReference(value) : undefined;
  if (typeof value !== "string" || image?.registry === undefined || !isPinned(image)) {
    return v.fail(
      field,
      value,
      `expected a pinned image reference with registry and tag or digest (not :latest), e.g. "${DEFAULT_MLFLOW_IMAGE}"`,
    );
  }
  return value;
}

/** The version is what changes when a new token is stored: without it the hosts could not tell a new token from the old. */
export function checkVersionedSecretId(v: Validator, field: string, value: unknown): string | undefined {
  if (typeof value !== "string" || parseKeyVaultSecretId(value)?.version === undefined) {
    return v.fail(
      field,
      value,
      'expected a Key Vault secret id WITH its version, e.g. "https://kv-ops.vault.azure.net/secrets/connector-token/0123456789abcdef0123456789abcdef" ' +
        "(storing a token prints it): each new token is a new version, so a new id, which makes the hosts register again",
    );
  }
  return value;
}

/**
 * The EasyAuth client secret's id: a secret of the environment's own vault, with or without a version. That vault is
 * the one the web app reaches (through its private endpoint) and the one its reference identity is granted a secret
 * of. `keyVaultName` is known when `nameSuffix` is configured; otherwise the stack checks the vault at plan time.
 */
export function checkClientSecretId(
  v: Validator,
  field: string,
  value: unknown,
  keyVaultName: string | undefined,
): string | undefined {
  const vault = keyVaultName ?? `kv-mlf-${v.environment}-<suffix>`;
  const parsed = typeof value === "string" ? parseKeyVaultSecretId(value) : undefined;
  if (typeof value !== "string" || parsed === undefined) {
    return v.fail(
      field,
      value,
      `expected a Key Vault secret id, with or without its version, e.g. "https://${vault}.vault.azure.net/secrets/${CLIENT_SECRET_NAME}" (the client_secret_steps output prints it)`,
    );
  }
  if (keyVaultName !== undefined && parsed.vaultName.toLowerCase() !== keyVaultName.toLowerCase()) {
    return v.fail(
      field,
      value,
      `expected a secret of this environment's vault "${keyVaultName}", the only one the web app reaches (through its private endpoint): store the client secret there with the commands the client_secret_steps output prints`,
    );
  }
  return value;
}

export function checkAdminUsername(v: Validator, field: string, value: unknown): string | undefined {
  if (
    typeof value !== "string" ||
    !/^[a-z_][a-z0-9_-]{0,31}$/.test(value) ||
    RESERVED_LINUX_USERS.includes(value)
  ) {
    return v.fail(
      field,
      value,
      `expected 1-32 lowercase letters, digits, "_" or "-", starting with a letter, and not a reserved name (${RESERVED_LINUX_USERS.slice(0, 4).join(", ")}, ...)`,
    );
  }
  return value;
}

export function checkTags(v: Validator, field: string, value: unknown): Record<string, string> {
  const tags = v.object(field, value, Object.keys(value as object)) ?? {};
  const result: Record<string, string> = {};
  const entries = Object.entries(tags);
  if (entries.length > TAG_LIMITS.maxUserTags)
    v.fail(
      field,
      `${entries.length} tags`,
      `expected at most ${TAG_LIMITS.maxUserTags} tags (Azure allows 50; application and environment are added)`,
    );
  for (const [key, tagValue] of entries) {
    if (!TAG_LIMITS.name.test(key))
      v.fail(`${field}.${key}`, key, "tag names are 1-512 characters without < > % & \\ ? /");
    else if (typeof tagValue !== "string" || tagValue.length > TAG_LIMITS.maxValueLength)
      v.fail(
        `${field}.${key}`,
        tagValue,
        `expected a string of at most ${TAG_LIMITS.maxValueLength} characters`,
      );
    else result[key] = tagValue;
  }
  return result;
}

/**
 * A list item check that also refuses an item given before, in any letter case. Object ids are GUIDs, which ignore
 * case; so do an email's domain, and RFC 5321 section 2.4 discourages relying on the case of its local part
 * (https://www.rfc-editor.org/rfc/rfc5321#section-2.4). Each item becomes one assignment or action group receiver, so
 * a repeat is a second one for the same principal or mailbox: a construct id clash, or every alert mailed twice.
 * @param what the noun in the fix, e.g. "group" gives "listed twice; list each group once"
 */
export function eachOnce(v: Validator, check: Check<string>, what: string): Check<string> {
  const seen = new Set<string>();
  return (field, item) => {
    const value = check(field, item);
    if (value === undefined) return undefined;
    const key = value.toLowerCase();
    if (seen.has(key)) return v.fail(field, item, `listed twice; list each ${what} once`);
    seen.add(key);
    return value;
  };
}
