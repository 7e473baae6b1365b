#!/usr/bin/env node
// Runs a TypeScript entry point of the test tooling (package, deploy, sandbox, bench) without a separate
// build step: esbuild (already needed for the Deno runtime) transpiles it into .tmp/run/, node runs it.
// Packages stay external, so the engine is loaded from node_modules exactly once; ENGINE picks which one.
const path = require('path');
const { buildSync } = require('esbuild');
const { nodeBundleOptions } = require('../host/engines/engines');

const [entry, ...args] = process.argv.slice(2);
if (!entry) {
    console.error('usage: node .test/tools/run.js <entry.ts> [args...]');
    process.exit(2);
}
const root = path.resolve(__dirname, '..', '..');
const outfile = path.join(root, '.tmp', 'run', `${path.basename(entry, '.ts')}.js`);
buildSync({ ...nodeBundleOptions(), entryPoints: [path.resolve(entry)], outfile, sourcemap: 'inline' });
process.argv = [process.argv[0], outfile, ...args];
require(outfile);
