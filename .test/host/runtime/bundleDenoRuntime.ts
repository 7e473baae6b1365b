import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';

import { selectedEngine } from '../engines/engines';
import { engineDir, repoRoot } from '../paths';

/**
 * The engine's Deno runtime (`deno-runtime/main.ts`) imports apps-engine TypeScript sources that the npm
 * tarball does not ship and three jsr:@std modules that cannot be fetched offline. We bundle it once into a
 * single file, mapping those imports to the tarball's compiled JS and to local stand-ins, and place it where
 * the engine looks for it (`<tempFilePath>/deno-runtime/main.ts`). Nothing in node_modules is touched.
 * The bundle also carries the host's virtual clock (virtualClock.ts), refreshed on every host message.
 */
// Deno-side sources (std stand-ins, virtualClock.ts) are bundled from the repo's sources, also when the
// host itself runs transpiled elsewhere (.tmp/run/, the second-instance bundle).
const denoSourceDir = path.join(repoRoot, '.test', 'host', 'runtime');
const stdDir = path.join(denoSourceDir, 'std');
const CLOCK_OFFSET_FILE = 'clock-offset';
const STD_MODULES: Record<string, string> = {
    '@std/io': 'io',
    '@std/streams': 'streams',
    '@std/cli/parse-args': 'parseArgs',
};

const BENCH_HOOK = path.join(denoSourceDir, 'benchHook.ts');

/** `source` with its one occurrence of `find` replaced; throws when an engine update moved it. */
function replaceOnce(source: string, find: string, replacement: string): string {
    const at = source.indexOf(find);
    if (at < 0 || source.indexOf(find, at + 1) >= 0) {
        throw new Error(`Deno runtime bundle: expected exactly one "${find}" in the engine's source`);
    }
    return source.slice(0, at) + replacement + source.slice(at + find.length);
}

/** Tells the app's `Date` (see virtualClock.ts) how far the host's virtual clock is ahead of real time. */
export function writeClockOffset(tempFilePath: string, offsetMs: number): void {
    fs.writeFileSync(path.join(tempFilePath, CLOCK_OFFSET_FILE), String(offsetMs));
}

export async function installDenoRuntime(tempFilePath: string): Promise<void> {
    const target = path.join(tempFilePath, 'deno-runtime', 'main.ts');
    if (fs.existsSync(target)) {
        return;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    await build({
        entryPoints: [path.join(engineDir, 'deno-runtime', 'main.ts')],
        outfile: target,
        bundle: true,
        format: 'esm',
        platform: 'neutral',
        mainFields: ['module', 'main'],
        target: 'esnext',
        logLevel: 'error',
        external: ['node:*'],
        plugins: [
            {
                name: 'offline-deno-runtime',
                setup(b) {
                    b.onResolve({ filter: /^@rocket\.chat\/apps-engine\// }, (args) => ({
                        path: path.join(engineDir, args.path.replace('@rocket.chat/apps-engine/', '').replace(/\.ts$/, '.js')),
                    }));
                    b.onResolve({ filter: /^@std\// }, (args) => ({ path: path.join(stdDir, `${STD_MODULES[args.path]}.ts`) }));
                    // Engines before 1.62 import writeAll straight from deno.land.
                    b.onResolve({ filter: /^https:\/\/deno\.land\/std@[^/]+\/io\/write_all\.ts$/ }, () => ({
                        path: path.join(stdDir, 'io.ts'),
                    }));
                    // The benchmark's hook (benchHook.ts): a `bench` request handler, routed only when the runtime
                    // runs with gc() exposed (bench mode), and a log of the app's requests to the host. Written
                    // against 1.62's runtime sources; the benchmark runs in the default engine only.
                    if (selectedEngine().isDefault) {
                        b.onLoad({ filter: /deno-runtime[\\/]main\.ts$/ }, (args) => ({
                            loader: 'ts',
                            resolveDir: path.dirname(args.path),
                            contents: `import { benchAvailable, benchHandler } from ${JSON.stringify(BENCH_HOOK)};
${replaceOnce(fs.readFileSync(args.path, 'utf8'), "ping: (_request) => 'pong',", "ping: (_request) => 'pong',\n\t\t...(benchAvailable() ? { bench: benchHandler } : {}),")}`,
                        }));
                        b.onLoad({ filter: /deno-runtime[\\/]lib[\\/]messenger\.ts$/ }, (args) => ({
                            loader: 'ts',
                            resolveDir: path.dirname(args.path),
                            contents: `import { recordRequest } from ${JSON.stringify(BENCH_HOOK)};
${replaceOnce(fs.readFileSync(args.path, 'utf8'), 'export async function sendRequest(', 'async function sendUnrecordedRequest(')}
export function sendRequest(requestDescriptor: RequestDescriptor): Promise<jsonrpc.SuccessObject> {
    return recordRequest(requestDescriptor.method, () => sendUnrecordedRequest(requestDescriptor));
}
`,
                        }));
                    }
                    // Every message from the host passes through this decoder: refresh the virtual clock there.
                    b.onLoad({ filter: /deno-runtime[\\/]lib[\\/]codec\.ts$/ }, (args) => ({
                        loader: 'ts',
                        resolveDir: path.dirname(args.path),
                        contents: `${fs.readFileSync(args.path, 'utf8')}
import { refreshClockOffset } from ${JSON.stringify(path.join(denoSourceDir, 'virtualClock.ts'))};
const decodeHostStream = decoder.decodeStream.bind(decoder);
decoder.decodeStream = async function* (stream) {
    for await (const message of decodeHostStream(stream)) {
        refreshClockOffset();
        yield message;
    }
};
`,
                    }));
                },
            },
        ],
    });
}
