import { join } from "path";
import { expectPytestPasses, findPython } from "../support/python";
import { skipCheck } from "../support/tools";

// The authorization function that runs inside the MLflow server (server/python) is Python: its pytest suite is the
// proof, and `npm test` runs it so a change there cannot land untested. It needs Flask and werkzeug, which every
// MLflow image has; on Debian they come from apt (python3-flask pulls in python3-werkzeug), like pytest.
const root = join(__dirname, "../..");
const APT_PACKAGES = ["python3-pytest", "python3-flask"];

const python = findPython(["pytest", "flask", "werkzeug"]);
if (!python) {
  skipCheck(
    "pytest suite of the MLflow authorization function (server/python)",
    "python3 with pytest and flask",
    APT_PACKAGES,
  );
}

(python ? test : test.skip)(
  "the MLflow authorization function's pytest suite passes (server/python)",
  () => {
    expectPytestPasses(python as string, root, "server/python");
  },
  120_000,
);
