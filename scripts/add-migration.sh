#!/usr/bin/env bash
# Adds a migration with the same name to both providers' migration sets, from the one model.
# Usage: scripts/add-migration.sh NAME
set -euo pipefail
if [ $# -ne 1 ] || [[ ! "$1" =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
  echo "usage: $0 NAME   (PascalCase, e.g. AddCredentials)" >&2
  exit 2
fi
cd "$(dirname "$0")/.."
dotnet tool restore >/dev/null
project=src/Microcred.Web/Microcred.Web.csproj
dotnet build "$project" -nologo -v q >/dev/null
for provider in Sqlite Postgres; do
  dotnet ef migrations add "$1" --no-build \
    --project "$project" --startup-project "$project" \
    --context "${provider}AppDbContext" \
    --output-dir "Data/$provider/Migrations"
done
echo "Added migration $1 for SQLite and PostgreSQL."
