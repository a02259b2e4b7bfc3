#!/bin/sh
# One-shot, in temporalio/admin-tools (compose service `temporal-schema`): creates Temporal's two databases on
# PostgreSQL and brings both schemas to the version this admin-tools image ships. temporal-sql-tool's create-database
# and setup-schema are idempotent on PostgreSQL and update-schema applies only the versions still missing, so the job
# runs on every `docker compose up`; after an image upgrade it is what migrates Temporal's schema, before the server
# of the new version starts (the server waits for this job to complete).
set -eu
: "${POSTGRES_SEEDS:?POSTGRES_SEEDS: the PostgreSQL host}"
: "${POSTGRES_USER:?POSTGRES_USER: the role Temporal connects as}"
: "${SQL_PASSWORD:?SQL_PASSWORD: that role's password (read by temporal-sql-tool)}"
port="${DB_PORT:-5432}"
# The admin-tools image's copy; test/deploy/temporal-schema.test.ts points it at the server module's of that version.
schema_root="${TEMPORAL_SCHEMA_DIR:-/etc/temporal/schema/postgresql/v12}"

sql_tool() {
  temporal-sql-tool --plugin postgres12 --ep "$POSTGRES_SEEDS" -p "$port" -u "$POSTGRES_USER" "$@"
}

# database name, schema directory under $schema_root
setup_database() {
  echo "temporal-schema: $1 ($2)"
  sql_tool --db "$1" create-database
  sql_tool --db "$1" setup-schema -v 0.0
  sql_tool --db "$1" update-schema -d "$schema_root/$2/versioned"
}

setup_database "${DBNAME:-temporal}" temporal
setup_database "${VISIBILITY_DBNAME:-temporal_visibility}" visibility
echo 'temporal-schema: up to date'
