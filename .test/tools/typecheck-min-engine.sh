#!/usr/bin/env bash
# Proves app.json's requiredApiVersion (^1.46.0): the app must compile against the type definitions of
# the lowest Apps-Engine it claims, not only against the default engine's. That engine is installed as an
# npm alias for the engine matrix (.test/host/engines/engines.js); its definitions are used from there.
set -euo pipefail
cd "$(dirname "$0")/../.."
min=$(node -p 'require("./app.json").requiredApiVersion.replace(/^[\^~]/, "")')
pkg=$(node -p "require('./.test/host/engines/engines').selectedEngine({ ENGINE: '$min' }).package")
dir=.tmp/typecheck-$min
mkdir -p "$dir"
cat > "$dir/tsconfig.json" <<JSON
{
    "extends": "../../tsconfig.json",
    "compilerOptions": {
        "baseUrl": "../..",
        "paths": { "@rocket.chat/apps-engine/*": ["node_modules/$pkg/*"] }
    },
    "include": ["../../ShiftLinkApp.ts", "../../src/**/*.ts"]
}
JSON
npx tsc -p "$dir/tsconfig.json"
echo "app type-checks against @rocket.chat/apps-engine $min definitions ($pkg)"
