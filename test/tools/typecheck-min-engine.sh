#!/usr/bin/env bash
# Proves app.json's requiredApiVersion (^1.46.0): the app must compile against the type definitions of
# the lowest Apps-Engine it claims, not only against the 1.62.0 the tests run. Fetches that tarball with
# `npm pack` (no install: its postinstall would download a Deno binary) into .tmp/.
set -euo pipefail
cd "$(dirname "$0")/../.."
min=$(node -p 'require("./app.json").requiredApiVersion.replace(/^[\^~]/, "")')
dir=.tmp/apps-engine-$min
if [ ! -d "$dir/package/definition" ]; then
    mkdir -p "$dir"
    (cd "$dir" && npm pack --silent "@rocket.chat/apps-engine@$min" >/dev/null && tar xzf rocket.chat-apps-engine-"$min".tgz)
fi
cat > "$dir/tsconfig.json" <<JSON
{
    "extends": "../../tsconfig.json",
    "compilerOptions": {
        "baseUrl": "../..",
        "paths": { "@rocket.chat/apps-engine/*": ["$dir/package/*"] }
    },
    "include": ["../../ShiftLinkApp.ts", "../../src/**/*.ts"]
}
JSON
npx tsc -p "$dir/tsconfig.json"
echo "app type-checks against @rocket.chat/apps-engine $min definitions"
