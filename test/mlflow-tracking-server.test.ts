import { AzureadProvider } from "@cdktf/provider-azuread/lib/provider";
import { AzurermProvider } from "@cdktf/provider-azurerm/lib/provider";
import { RandomProvider } from "@cdktf/provider-random/lib/provider";
import { TerraformStack, Testing, Token } from "cdktf";
import {
  ConfigError,
  MlflowTrackingServer,
  ResourceNames,
  SecurityRulePack,
  type MlflowTrackingServerProps,
} from "../constructs";
import { DEV_LIKE, PROD_LIKE, synthStack, type TerraformJson } from "./support/synth";

/** The platform team's own stack: their providers, their (default local) backend, an id of their choosing. */
function consumerStack(id = "platform-ml", storageUseAzuread = true): TerraformStack {
  const stack = new TerraformStack(Testing.app(), id);
  new AzurermProvider(stack, "azurerm", { features: [{}], storageUseAzuread });
  new AzureadProvider(stack, "azuread", {});
  new RandomProvider(stack, "random", {});
  return stack;
}

const RESOURCE_GROUP = {
  id: "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml-platform",
  name: "rg-ml-platform",
  location: "westeurope",
};

/** A naming convention of the consumer's, through the documented subclassing point. */
class ContosoNames extends ResourceNames {
  override get virtualNetwork(): string {
    return `contoso-vnet-${this.environment}`;
  }
}

// One consumer stack with both modes side by side (one synth for the whole file).
const stack = consumerStack();
const easyAuth = new MlflowTrackingServer(stack, "mlflow-team-a", {
  ...DEV_LIKE,
  environmentName: "teama",
  resourceGroup: RESOURCE_GROUP,
  resourceNames: new ContosoNames("teama", "x7k2"),
});
const appProxy = new MlflowTrackingServer(stack, "mlflow-team-b", {
  ...PROD_LIKE,
  environmentName: "teamb",
  resourceGroup: RESOURCE_GROUP,
  nameSuffix: "y8m3",
});
const json = JSON.parse(Testing.synth(stack, true)) as TerraformJson;

describe("MlflowTrackingServer in a stack of the consumer's", () => {
  test("uses the consumer's resource group: creates none, and builds everything in theirs", () => {
    expect(json.resource.azurerm_resource_group).toBeUndefined();
    const groups = new Set(
      Object.values(json.resource)
        .flatMap((byName) => Object.values(byName))
        .map((resource) => resource.resource_group_name)
        .filter((name) => name !== undefined),
    );
    expect(groups).toEqual(new Set([RESOURCE_GROUP.name]));
  });

  test("adds no azurerm, azuread or random provider and no backend: those stay the consumer's", () => {
    expect(json.provider?.azurerm).toHaveLength(1);
    expect(json.provider?.azuread).toHaveLength(1);
    expect(json.provider?.random).toHaveLength(1);
    expect(json.terraform?.backend).toBeUndefined();
  });

  test("the project's rule pack finds nothing to fault in the consumer's stack", () => {
    expect(
      new SecurityRulePack().evaluate(stack).filter((finding) => finding.level !== "suppressed"),
    ).toEqual([]);
  });

  test("any stack id works, and two servers share one stack", () => {
    expect(stack.node.id).toBe("platform-ml");
    expect(json.resource.azurerm_linux_web_app).toBeDefined();
    expect(json.resource.azurerm_linux_virtual_machine).toBeDefined();
    expect(Object.keys(json.resource.azurerm_virtual_network).sort()).toEqual([
      expect.stringMatching(/^mlflow-team-a_network_virtual-network_/),
      expect.stringMatching(/^mlflow-team-b_network_virtual-network_/),
    ]);
  });

  test("names come from resourceNames when given (a subclass keeps its own convention)", () => {
    const vnets = Object.values(json.resource.azurerm_virtual_network).map((vnet) => vnet.name);
    expect(vnets.sort()).toEqual(["contoso-vnet-teama", "vnet-mlflow-teamb"]);
    expect(easyAuth.resourceNames.storageAccount).toBe("stmlfteamax7k2");
    expect(Token.isUnresolved(appProxy.storageAccountName)).toBe(true);
  });

  test("exposes what MlflowStack turns into outputs; the App Proxy values only in that mode", () => {
    expect(easyAuth.trackingUri).toBeTruthy();
    expect(easyAuth.tokenScope).toBeTruthy();
    expect(easyAuth.connectorGroupId).toBeUndefined();
    expect(easyAuth.nativeClientId).toBeUndefined();
    expect(appProxy.connectorGroupId).toBeTruthy();
    expect(appProxy.nativeClientId).toBeTruthy();
    expect(json.output).toBeUndefined();
  });

  test("looks the tenant and deployer up only when not given", () => {
    expect(Object.keys(json.data?.azurerm_client_config ?? {})).toHaveLength(2);
    const given = consumerStack("given");
    new MlflowTrackingServer(given, "mlflow", {
      ...DEV_LIKE,
      environmentName: "given",
      resourceGroup: RESOURCE_GROUP,
      nameSuffix: "abcd",
      tenantId: "00000000-0000-0000-0000-000000000001",
      deployerObjectId: "00000000-0000-0000-0000-000000000002",
    });
    const elements = given.node.findAll().map((node) => node.node.id);
    expect(elements).not.toContain("azurerm-client");
    expect(elements).not.toContain("azuread-client");
  });
});

describe("MlflowTrackingServer checks what it can at synth", () => {
  const base: MlflowTrackingServerProps = {
    ...DEV_LIKE,
    environmentName: "dev",
    resourceGroup: RESOURCE_GROUP,
  };

  test("settings only a stack has are refused, naming the field and where it belongs", () => {
    const props = { ...base, subscriptionId: "00000000-0000-0000-0000-000000000000" };
    expect(() => new MlflowTrackingServer(consumerStack(), "mlflow", props)).toThrow(ConfigError);
    expect(() => new MlflowTrackingServer(consumerStack(), "mlflow", props)).toThrow(
      /subscriptionId: belongs to the stack, not to MlflowTrackingServer/,
    );
  });

  test("bad settings throw before anything is added to the stack", () => {
    const scope = consumerStack();
    expect(() => new MlflowTrackingServer(scope, "mlflow", { ...base, environmentName: "Team_A" })).toThrow(
      ConfigError,
    );
    expect(scope.node.tryFindChild("mlflow")).toBeUndefined();
  });

  test("an azurerm provider without storageUseAzuread fails synth with the fix", () => {
    const scope = consumerStack("keys", false);
    new MlflowTrackingServer(scope, "mlflow", base);
    expect(() => Testing.synth(scope, true)).toThrow(/AzurermProvider with storageUseAzuread: true/);
  });
});

describe("MlflowStack is the batteries-included stack around the construct", () => {
  const { stack: mlflowStack, json: stackJson } = synthStack(DEV_LIKE);

  test("the server sits under the id `Default`, which cdktf leaves out of every Terraform address", () => {
    expect(mlflowStack.server.node.id).toBe("Default");
    const names = Object.values(stackJson.resource).flatMap((byName) => Object.keys(byName));
    expect(names.filter((name) => name.includes("Default"))).toEqual([]);
    // The snapshots (test/__snapshots__/stacks.test.ts.snap) pin every address of both default stacks.
    expect(Object.keys(stackJson.resource.azurerm_virtual_network)).toEqual([
      expect.stringMatching(/^network_virtual-network_[0-9A-F]{8}$/),
    ]);
  });
});
