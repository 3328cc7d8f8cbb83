import { join } from "path";
import { expectPytestPasses, findPython } from "../support/python";
import { skipCheck } from "../support/tools";

// What signs MLflow in to PostgreSQL runs inside the MLflow container, in Python (constructs/postgres-entra-auth/
// python): its pytest suite is the proof, with fakes of azure-identity, SQLAlchemy and psycopg2, and `npm test` runs it
// so a change there cannot land untested. CI installs pytest from apt (.ci/run).
const root = join(__dirname, "../..");
const SUITE = "constructs/postgres-entra-auth/python";

const python = findPython(["pytest"]);
if (!python) {
  skipCheck(
    "pytest suite of the PostgreSQL Entra sign-in (constructs/postgres-entra-auth)",
    "python3 with pytest",
    ["python3-pytest"],
  );
}

(python ? test : test.skip)(
  "the Entra sign-in and database bootstrap pass their pytest suite (constructs/postgres-entra-auth/python)",
  () => {
    expectPytestPasses(python as string, root, SUITE);
  },
  120_000,
);
