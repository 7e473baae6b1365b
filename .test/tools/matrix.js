#!/usr/bin/env node
// `npm run test:matrix [-- 1.46 1.57.2 ...]`: the integration suite (host self-tests and ShiftLink scenarios)
// once per Apps-Engine (.test/host/engines/engines.js), one engine after another (each file already starts
// its own Deno runtime; running engines in parallel only makes timing-sensitive tests slower), then a
// table of the time each engine took. Exits non-zero when any engine failed.
const { spawnSync } = require('child_process');
const path = require('path');
const { ENGINES, selectedEngine } = require('../host/engines/engines');

const root = path.resolve(__dirname, '..', '..');
const wanted = process.argv.slice(2);
const versions = wanted.length ? wanted.map((v) => selectedEngine({ ENGINE: v }).version) : Object.keys(ENGINES);
const jest = path.join(root, 'node_modules', 'jest', 'bin', 'jest.js');
const suite = ['.test/integration/host', '.test/integration/shiftlink'];

const results = versions.map((version) => {
    console.log(`\n=== Apps-Engine ${version} (Rocket.Chat ${ENGINES[version].rocketChat}) ===`);
    const started = Date.now();
    const run = spawnSync(process.execPath, [jest, ...suite, '--selectProjects', 'integration'], {
        cwd: root,
        stdio: 'inherit',
        env: { ...process.env, ENGINE: version },
    });
    return { version, ok: run.status === 0, seconds: Math.round((Date.now() - started) / 1000) };
});

console.log('\nengine   Rocket.Chat  result  time');
for (const r of results) {
    console.log(`${r.version.padEnd(8)} ${ENGINES[r.version].rocketChat.padEnd(12)} ${(r.ok ? 'pass' : 'FAIL').padEnd(7)} ${r.seconds} s`);
}
process.exit(results.every((r) => r.ok) ? 0 : 1);
