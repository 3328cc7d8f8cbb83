import { verdict, type Rule } from "../rule";
import type { SynthesizedElement, SynthesizedStack } from "../synthesized";
import { readString, referencesIn, refersTo, stringsIn, type TerraformReference } from "../values";
import { GENERATED_SECRET_TYPES, isSecretSource } from "./secret-vocabulary";

/**
 * Nothing in Terraform state can sign in anywhere (docs: whoever reads state, a pull-request plan identity included,
 * learns nothing they could log in with). Terraform keeps a generated secret in state twice over: in the generator
 * (`random_password.result`, `tls_private_key.private_key_pem`) and in every resource, output or local that reads it
 * (a server's `administrator_password`, a template deployment's `parameters_content`, a Key Vault secret's `value`).
 * Write-only arguments would avoid the second copy, but cdktf 0.21 has no ephemeral resources to feed them, and
 * azurerm 4.55.0 has none for VMs. So the rule is: no generated secret is read by anything; a secret that nothing
 * reads is worthless, even though the generator still holds it. A key pair counts as read when either half is: a
 * host that trusts the public key lets the private key, in the generator's state, sign in.
 *
 * Entra generates `azuread_application_password` and `azuread_service_principal_password` and registers them as the
 * application's credentials the moment they are created: their state copy signs in whether or not anything reads it,
 * so they are refused outright.
 *
 * One exception, chosen over a suppression because it can be recognised in the JSON and so cannot be granted by
 * accident: a `random_password` whose only reader is the `admin_password` of an `azurerm_windows_virtual_machine`
 * that has a Custom Script Extension (`Microsoft.Compute`/`CustomScriptExtension`). Azure requires a Windows VM to be
 * created with an administrator password (azurerm 4.55.0 `admin_password` is required and has no write-only form), and
 * the connector hosts replace it at first boot from that extension, whose failure fails the apply. What remains in
 * state (the generator's `result` and the VM's `admin_password`) is the password the host had for its first minutes:
 * after the rotation it opens nothing, and the new one was never known to Terraform. The rule cannot read the
 * script: the connector hosts' own tests prove that it rotates the password; the rule proves the shape (one reader,
 * the VM, and an extension on that VM that runs a script).
 */
export const secretGeneratedUnread: Rule = {
  id: "MLF-SEC-5",
  title: "No generated secret is read by anything state keeps (but a Windows password replaced at boot).",
  appliesTo: GENERATED_SECRET_TYPES,
  fix: "use no secret (managed identity, Entra authentication, a public key only), or generate it where it is used (on the host, at first boot) instead of in Terraform.",
  check: (generator, stack) => {
    if (generator.type.startsWith("azuread_")) {
      return verdict(
        `Entra registers ${generator.address} as a credential when it is created, so its value in state signs in as the application`,
      );
    }
    const readers = readersOf(generator, stack);
    if (readers.length === 0 || isRotatedWindowsPassword(generator, readers, stack)) return verdict();
    return verdict(
      `${generator.address} is read by ${readers.map((reader) => `${reader.element.address} (${reader.path})`).join(", ")}`,
    );
  },
};

/** One place that reads a generator's secret: the element and the argument (or local, or output value). */
export interface SecretReader {
  readonly element: SynthesizedElement;
  readonly path: string;
}

/** Every argument, output value or local of the stack that references the generator's secret attribute. */
export function readersOf(generator: SynthesizedElement, stack: SynthesizedStack): SecretReader[] {
  return stack.elements
    .filter((element) => element !== generator)
    .flatMap((element) =>
      stringsIn(element.config)
        // Ordering and replacement triggers name the resource, they do not copy its value.
        .filter(({ path }) => !path.startsWith("depends_on") && !path.startsWith("lifecycle"))
        .filter(({ value }) =>
          referencesIn(value).some((ref) => refersTo(ref, generator) && makesUsable(ref)),
        )
        .map(({ path }) => ({ element, path })),
    );
}

/** A read of the secret itself, or of a key pair's public half (whoever trusts it accepts the private key). */
function makesUsable(reference: TerraformReference): boolean {
  return (
    isSecretSource(reference) ||
    (reference.type === "tls_private_key" && reference.attribute.startsWith("public_key"))
  );
}

function isRotatedWindowsPassword(
  generator: SynthesizedElement,
  readers: readonly SecretReader[],
  stack: SynthesizedStack,
): boolean {
  return (
    generator.type === "random_password" &&
    readers.every(
      ({ element, path }) =>
        element.type === "azurerm_windows_virtual_machine" &&
        element.kind === "resource" &&
        path === "admin_password" &&
        hasCustomScriptExtension(element, stack),
    )
  );
}

/** A Custom Script Extension whose `virtual_machine_id` is this VM's id. */
function hasCustomScriptExtension(vm: SynthesizedElement, stack: SynthesizedStack): boolean {
  return stack.resourcesOfType("azurerm_virtual_machine_extension").some((extension) => {
    const onVm = referencesIn(String(extension.config.virtual_machine_id ?? "")).some(
      (ref) => refersTo(ref, vm) && ref.attribute === "id",
    );
    return (
      onVm &&
      readString(extension.config, "publisher") === "Microsoft.Compute" &&
      readString(extension.config, "type") === "CustomScriptExtension"
    );
  });
}
