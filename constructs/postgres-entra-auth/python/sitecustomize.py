"""Imported by Python at start-up when this folder is on PYTHONPATH (https://docs.python.org/3/library/site.html,
"sitecustomize"): the MLflow start script puts it there, so every Python process it launches, MLflow's server workers
included (they inherit the environment), signs in to PostgreSQL with Entra tokens. See entra_postgres.py."""

import entra_postgres

entra_postgres.install()
