#!/bin/sh
# Run once by the postgres image when the primary's data folder is created
# (/docker-entrypoint-initdb.d): let the standby (compose service postgres-replica) stream the WAL.
set -e
echo "host replication ${POSTGRES_USER} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
