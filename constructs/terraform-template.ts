/**
 * Text that passes through a Terraform string, where `${` starts an interpolation and `%{` a directive
 * (https://developer.hashicorp.com/terraform/language/expressions/strings#escape-sequences), next to the cdktf
 * tokens (`${TfToken[...]}`) that become Terraform references at synth.
 */

/** Matches a Terraform interpolation (`${`) or directive (`%{`) opener that is not escaped (`$${`, `%%{`). */
const TERRAFORM_TEMPLATE_SEQUENCE = /(^|[^$%])[$%]\{/;

/** How cdktf writes an unresolved token into a string; it becomes a Terraform reference at synth. */
export const CDKTF_TOKEN = /\$\{TfToken\[[A-Za-z0-9_.]+\]\}/g;

/** Throws when `withTokens` has a `${` or `%{` that is not part of a cdktf token (Terraform would evaluate it). */
export function assertNoTerraformTemplateSequence(withTokens: string): void {
  const text = withTokens.replace(CDKTF_TOKEN, "");
  const match = TERRAFORM_TEMPLATE_SEQUENCE.exec(text);
  if (match) {
    const at = match.index + match[1].length;
    throw new Error(
      `Terraform template check: text contains "${text.slice(at, at + 2)}" near "${text.slice(Math.max(0, at - 20), at + 20)}"; Terraform would read it as a template sequence. Write $VAR instead of \${VAR}.`,
    );
  }
}
