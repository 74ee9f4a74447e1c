"""A DB-API connection to Redshift from the same environment variables as profiles.yml.

Secrets come from the environment only (DWHML_REDSHIFT_PASSWORD, or IAM with
DWHML_REDSHIFT_IAM=1 and the AWS credentials of the environment); nothing is logged.
redshift_connector is imported here only.
"""
from __future__ import annotations

import os

REQUIRED = ("DWHML_REDSHIFT_HOST", "DWHML_REDSHIFT_DATABASE", "DWHML_REDSHIFT_USER")


def schema() -> str:
    return os.environ.get("DWHML_REDSHIFT_SCHEMA", "dwhml")


def connect():
    missing = [name for name in REQUIRED if not os.environ.get(name)]
    if missing:
        raise ValueError(f"Redshift connection: set {', '.join(missing)} (see docs/redshift.md)")
    import redshift_connector

    options = {"host": os.environ["DWHML_REDSHIFT_HOST"], "database": os.environ["DWHML_REDSHIFT_DATABASE"],
               "port": int(os.environ.get("DWHML_REDSHIFT_PORT", "5439")), "user": os.environ["DWHML_REDSHIFT_USER"]}
    if os.environ.get("DWHML_REDSHIFT_IAM") == "1":
        options.update(iam=True, db_user=os.environ["DWHML_REDSHIFT_USER"],
                       cluster_identifier=os.environ.get("DWHML_REDSHIFT_CLUSTER_ID"))
    else:
        if not os.environ.get("DWHML_REDSHIFT_PASSWORD"):
            raise ValueError("Redshift connection: set DWHML_REDSHIFT_PASSWORD, or DWHML_REDSHIFT_IAM=1")
        options["password"] = os.environ["DWHML_REDSHIFT_PASSWORD"]
    conn = redshift_connector.connect(**options)
    conn.autocommit = True
    return conn
