import { readFileSync } from "fs";
import { join } from "path";

/** Properties of .github/workflows/deploy.yml that the schema check (npm run lint:workflows) cannot see. */
const workflow = readFileSync(join(__dirname, "..", "..", ".github", "workflows", "deploy.yml"), "utf8");

describe("deploy workflow", () => {
  test("names no environment: plan and deploy matrices come from the synthesized stacks", () => {
    expect(workflow).toContain("npm run --silent stacks");
    expect(workflow).toContain("include: ${{ fromJSON(needs.build.outputs.stacks) }}"); // plan
    expect(workflow).toContain("include: ${{ fromJSON(needs.build.outputs.deploy-stacks) }}"); // deploy
    expect(workflow).not.toMatch(/mlflow-(dev|prod)\b|environment: (dev|prod)\b/);
  });

  test("deploys one environment at a time, behind its GitHub environment, never two deploys of one environment", () => {
    expect(workflow).toMatch(/environment:\n\s+name: \$\{\{ matrix\.environment \}\}/);
    expect(workflow).toContain("max-parallel: 1");
    expect(workflow).toMatch(
      /group: mlflow-deploy-\$\{\{ matrix\.environment \}\}\n\s+cancel-in-progress: false/,
    );
  });

  test("signs in with OIDC (id-token: write, ARM_USE_OIDC), and no job reads a client secret", () => {
    expect(workflow.match(/id-token: write/g)).toHaveLength(2);
    expect(workflow).toContain('ARM_USE_OIDC: "true"');
    expect(workflow).toContain('echo "ARM_USE_OIDC=true"');
    expect(workflow).not.toMatch(/secrets\.|client-secret|ARM_CLIENT_SECRET/);
  });

  test("stacks that need delegated Graph permissions deploy with a person's sign-in, the others with the workload identity", () => {
    expect(workflow).toMatch(/if: matrix\.signIn == 'user'\n[\s\S]*az login --use-device-code/);
    expect(workflow).toMatch(/if: matrix\.signIn == 'workload-identity'\n\s+uses: azure\/login@v2/);
  });

  test("the build job looks up every stack's MLflow image in its registry, so an unpublished tag fails before any plan", () => {
    const build = workflow.slice(workflow.indexOf("  build:"), workflow.indexOf("  plan:"));
    expect(build).toContain("MATRIX: ${{ steps.stacks.outputs.matrix }}");
    expect(build).toMatch(/\[\.\[\]\.image \| select\(\. != ""\)\] \| unique/);
    expect(build).toContain('docker manifest inspect "$image"');
    expect(build).toMatch(/manifest unknown[\s\S]*::error title=MLflow image not published::[\s\S]*rc=1/);
  });

  test("pull request plans never take the state lock and never run for forks", () => {
    expect(workflow).toContain("TF_CLI_ARGS_plan: -refresh=false -lock=false");
    expect(workflow).toContain("github.event.pull_request.head.repo.full_name == github.repository");
  });

  test("a new environment's first pull request plans: the plan job looks for the state blob before cdktf diff, and the summary says there is no state yet", () => {
    const plan = workflow.slice(workflow.indexOf("  plan:"), workflow.indexOf("  deploy:"));
    const lookup = plan.indexOf('npm run --silent plan-state -- --stack "$STACK" >> "$GITHUB_OUTPUT"');
    expect(lookup).toBeGreaterThan(plan.indexOf("uses: azure/login@v2")); // with the plan identity's token
    expect(lookup).toBeLessThan(plan.indexOf("npx cdktf diff"));
    expect(plan).toContain("STATE: ${{ steps.state.outputs.state }}");
    expect(plan).toMatch(
      /elif \[ "\$STATE" = "new" \]; then\n\s+echo "> No state yet:[^\n]*deploy job creates the state/,
    );
  });

  test("the person who signs in for a deploy is told every role the deploy uses, the blob data role on the state included", () => {
    const deviceCode = workflow.slice(workflow.indexOf("Sign in as a person (device code)"));
    expect(deviceCode).toMatch(
      /::notice title=\$STACK needs a person to sign in::[^\n]*Application Administrator with Owner on the subscription and Storage Blob Data Contributor on the state container/,
    );
    expect(workflow).toMatch(
      /is deployed from a workstation::[^\n]*Owner on the subscription and Storage Blob Data Contributor on the state container/,
    );
  });

  test("the build job prints the role-assignment condition, and fails when a stack assigns a role the project cannot name", () => {
    const build = workflow.slice(workflow.indexOf("  build:"), workflow.indexOf("  plan:"));
    expect(build).toContain('condition="$(npm run --silent role-condition)"');
  });
});
