import { ENVIRONMENT_NAME_PATTERN, NAME_SUFFIX_PATTERN, ResourceNames } from "../naming";
import {
  checkAddressSpace,
  checkLocation,
  checkTags,
  GUID_RULE,
  groupObjectIdRule,
  eachOnce,
  RESOURCE_GROUP_NAME_RULE,
  SERVICE_PRINCIPAL_RULE,
} from "./checks";
import { DEFAULTS } from "./defaults";
import { KEYS, RETIRED_KEYS } from "./keys";
import { resolveLandingZone } from "./landing-zone";
import {
  resolveAppProxy,
  resolveDatabase,
  resolveEasyAuth,
  resolveKeyVault,
  resolveLogAnalytics,
  resolveMlflow,
  resolveMonitoring,
  resolvePermissions,
  resolveRemoteState,
  resolveStorage,
} from "./sections";
import { AUTH_MODES, type EnvironmentConfig, type ResolvedConfig } from "./types";
import { ConfigError, Section, show, Validator } from "./validation";

/**
 * Validates one environment's raw configuration and fills in every default.
 * @throws ConfigError listing every problem, one line each: the field, the value received and what is accepted.
 */
export function resolveConfig(name: string, raw: unknown): ResolvedConfig {
  if (!ENVIRONMENT_NAME_PATTERN.test(name)) {
    // The name is part of every Azure resource name; report it alone, since the other paths print it too.
    const lowercase = name.toLowerCase();
    throw new ConfigError(name, [
      `environments[${show(name)}]: the environment name must be 2-10 lowercase letters or digits starting with a letter ` +
        `(it goes into Azure names such as the storage account, which allows nothing else); ` +
        (ENVIRONMENT_NAME_PATTERN.test(lowercase) ? `rename it ${show(lowercase)}` : `e.g. "dev", "prod2"`),
    ]);
  }
  const v = new Validator(name);
  const root = new Section<EnvironmentConfig>(v, "", raw, KEYS.root, Object.keys(RETIRED_KEYS));

  const authMode = root.require("authMode", (field, value) => v.oneOf(field, value, AUTH_MODES));
  const location = root.require("location", (field, value) => checkLocation(v, field, value));
  const addressSpace = root.require("addressSpace", (field, value) => checkAddressSpace(v, field, value));
  for (const [key, why] of Object.entries(RETIRED_KEYS)) {
    if (root.retiredValue(key) !== undefined) v.fail(key, root.retiredValue(key), why);
  }
  checkModeSettings(v, root, authMode);

  const nameSuffix = root.optionalString("nameSuffix", {
    pattern: NAME_SUFFIX_PATTERN,
    accepted: 'expected 4-6 lowercase letters or digits, e.g. "x7k2"',
  });

  const appProxy = resolveAppProxy(v, root.value("appProxy"));
  const resolved: ResolvedConfig = {
    name,
    authMode: authMode ?? "easyauth",
    location: location ?? "",
    addressSpace: addressSpace ?? "",
    subscriptionId: root.optionalString("subscriptionId", GUID_RULE),
    nameSuffix,
    tags: {
      application: "mlflow",
      environment: name,
      ...root.read("tags", {}, (field, value) => checkTags(v, field, value)),
    },
    signInGroupObjectIds: root.list(
      "signInGroupObjectIds",
      eachOnce(v, (field, item) => v.string(field, item, groupObjectIdRule(item)), "group"),
    ),
    automationPrincipals:
      authMode === "app-proxy"
        ? []
        : root.list(
            "automationPrincipals",
            eachOnce(v, (field, item) => v.string(field, item, SERVICE_PRINCIPAL_RULE), "principal"),
          ),
    mlflow: resolveMlflow(v, root.value("mlflow")),
    database: resolveDatabase(v, root.value("database")),
    storage: resolveStorage(v, root.value("storage")),
    keyVault: resolveKeyVault(v, root.value("keyVault")),
    logAnalytics: resolveLogAnalytics(v, root.value("logAnalytics")),
    remoteState: resolveRemoteState(v, name, root.value("remoteState")),
    monitoring: resolveMonitoring(v, root.value("monitoring")),
    disposable: root.boolean("disposable", DEFAULTS.disposable),
    // The vault's name is known here only with a configured suffix; the computed one is a plan-time expression.
    easyAuth: resolveEasyAuth(
      v,
      root.value("easyAuth"),
      nameSuffix === undefined ? undefined : new ResourceNames(name, nameSuffix).keyVault,
    ),
    appProxy,
    permissions: resolvePermissions(v, root.value("permissions"), authMode ?? "easyauth"),
    resourceGroupName: root.optionalString("resourceGroupName", RESOURCE_GROUP_NAME_RULE),
    landingZone: resolveLandingZone(v, root.value("landingZone"), {
      authMode,
      addressSpace,
      connectorGroupId: appProxy.connectorGroupId,
    }),
  };
  if (resolved.landingZone.virtualNetwork !== undefined && resolved.appProxy.allowedSourceCidrs.length > 0) {
    v.fail(
      "appProxy.allowedSourceCidrs",
      resolved.appProxy.allowedSourceCidrs,
      "remove it: with landingZone.virtualNetwork the NSGs are the landing zone's; allow these sources to the MLflow VM subnet there",
    );
  }
  if (
    resolved.landingZone.logAnalyticsWorkspaceId !== undefined &&
    root.value("logAnalytics") !== undefined
  ) {
    v.fail(
      "logAnalytics",
      root.value("logAnalytics"),
      "remove it: landingZone.logAnalyticsWorkspaceId is used instead, and its retention is set where it lives",
    );
  }
  if (v.problems.length > 0) throw new ConfigError(name, v.problems);
  return resolved;
}

/** Settings the chosen mode does not use are almost certainly a mistake: say so rather than ignore them. */
function checkModeSettings(
  v: Validator,
  root: Section<EnvironmentConfig>,
  authMode: EnvironmentConfig["authMode"] | undefined,
): void {
  if (authMode === undefined) return;
  const otherMode = authMode === "easyauth" ? "appProxy" : "easyAuth";
  if (root.value(otherMode) !== undefined) {
    const mode = otherMode === "appProxy" ? "app-proxy" : "easyauth";
    v.fail(
      otherMode,
      root.value(otherMode),
      `remove it: authMode is "${authMode}", which does not use ${otherMode} settings (or set authMode: "${mode}")`,
    );
  }
  if (authMode === "app-proxy" && root.value("automationPrincipals") !== undefined) {
    v.fail(
      "automationPrincipals",
      root.value("automationPrincipals"),
      "remove it: Application Proxy accepts only users' (delegated) tokens, never an application's own token, so automation principals cannot call MLflow in app-proxy mode (use authMode \"easyauth\", or let the automation sign in as a user)",
    );
  }
}
