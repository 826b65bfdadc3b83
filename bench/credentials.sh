#!/usr/bin/env bash
# Credential benchmark: our sign/verify against the JavaScript stack and raw Ed25519, in one run.
# Copies the independent verifier to a temp dir, installs it (npm ci), builds the CLI in Release
# and runs `microcred bench`. Extra arguments go to the bench (e.g. --count 2000).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
shared=$(cd "$repo/../shared" && pwd)
work=$(mktemp -d /tmp/microcred-bench.XXXXXX)
trap 'rm -rf "$work"' EXIT
cp -r "$shared/tools/ob3-verifier" "$work/ob3-verifier"
chmod -R u+w "$work/ob3-verifier"
(cd "$work/ob3-verifier" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
dotnet build "$repo/src/Microcred.Cli" -c Release -v quiet -nologo >/dev/null
dotnet "$repo/src/Microcred.Cli/bin/Release/net10.0/microcred.dll" bench --verifier "$work/ob3-verifier" "$@"
