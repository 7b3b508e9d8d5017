#!/usr/bin/env sh
# Builds the production bot: one self-contained executable, artifacts/<rid>/policybot, with appsettings.json beside it.
# Usage: scripts/publish.sh [RUNTIME_ID]   (default linux-x64)
set -eu
rid="${1:-linux-x64}"
root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts/$rid"
rm -rf "$out"
dotnet publish "$root/src/Bot.Host" -c Release -r "$rid" --self-contained -p:PublishSingleFile=true -o "$out"
echo "Published $out/policybot"
