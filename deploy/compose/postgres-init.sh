#!/bin/bash
# PostgreSQL init script for docker-compose.yml (mounted into /docker-entrypoint-initdb.d, so it
# runs once, when the data volume is empty): one role and one database per SLMS service, each
# role owning its database and no other role allowed to connect to it.
#   SLMS_DATABASES    service names, space-separated ("gateway assets")
#   SLMS_DB_PASSWORD  password of every service role (a development stack)
# Safe to run again: existing roles and databases are kept.
set -euo pipefail
: "${SLMS_DATABASES:?set SLMS_DATABASES to the service databases, e.g. \"gateway assets\"}"
: "${SLMS_DB_PASSWORD:?set SLMS_DB_PASSWORD}"

for name in $SLMS_DATABASES; do
  if [[ ! "$name" =~ ^[a-z][a-z0-9_]*$ ]]; then
    echo "postgres-init: invalid database name '$name'" >&2
    exit 1
  fi
  echo "postgres-init: role and database '$name'"
  psql --no-psqlrc -v ON_ERROR_STOP=1 \
    --username "${POSTGRES_USER:-postgres}" --dbname "${POSTGRES_DB:-postgres}" \
    --set=name="$name" --set=password="$SLMS_DB_PASSWORD" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN PASSWORD %L', :'name', :'password')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'name') \gexec
SELECT format('CREATE DATABASE %I OWNER %I', :'name', :'name')
WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = :'name') \gexec
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
done
