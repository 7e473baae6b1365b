import type * as ChildProcessModule from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { engineDir } from '../paths';
import { denoBinDir } from '../platform/deno';
import { selectedEngine } from './engines';

/**
 * Where each engine generation starts its Deno runtime (AppsEngineDenoRuntime.spawnProcess):
 * - 1.62: `deno run --config=<engine>/deno-runtime/deno.jsonc … <tempFilePath>/deno-runtime/main.ts`
 *   (Deno 2 refuses to run scripts inside node_modules, so it runs a link in its temp folder; the host
 *   puts its offline bundle there instead and the engine keeps it).
 * - 1.46 and 1.57: `deno run … <engine>/deno-runtime/main.ts` in place, whose imports need the network
 *   (std from deno.land, npm: specifiers, apps-engine sources absent from the tarball); 1.46 runs
 *   deno-bin's binary (a download at install time) with `DENO_DIR` inside node_modules and no other
 *   environment, 1.57 runs `deno` from PATH.
 * For the in-place engines the host rewrites exactly that one spawn: the platform's Deno, the offline
 * bundle in the engine's temp folder instead of main.ts, read access to that folder added (the virtual
 * clock's offset file, which 1.62 grants as tempFilePath), and the host's DENO_DIR. Every other flag
 * (permissions, --subprocess, the app id) stays the engine's.
 */
// The module object itself (an `import *` namespace would be a copy): the engine calls `child_process.spawn` on it.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const childProcess = require('child_process') as typeof ChildProcessModule;
let bundleDir: string | undefined;
let patched = false;

/** Makes the next runtime this process spawns run the bundle under `tempDir` (see bundleDenoRuntime). */
export function runDenoRuntimeFrom(tempDir: string): void {
    if (!selectedEngine().runtimeInPlace) {
        return;
    }
    bundleDir = tempDir;
    if (patched) {
        return;
    }
    patched = true;
    const engineMain = fs.realpathSync(path.join(engineDir, 'deno-runtime', 'main.ts'));
    const spawn = childProcess.spawn;
    const redirected = (...call: Parameters<typeof spawn>) => {
        // The engine's command (deno-bin's binary in 1.46, `deno` from PATH in 1.57) gives way to this platform's Deno.
        const [, args, options] = call as [string, readonly string[] | undefined, ChildProcessModule.SpawnOptions | undefined];
        const index = Array.isArray(args) ? args.findIndex((arg) => arg === engineMain || safeRealpath(arg) === engineMain) : -1;
        if (index < 0 || !bundleDir) {
            return (spawn as (...a: unknown[]) => ChildProcessModule.ChildProcess)(...call);
        }
        const rewritten = args!.map((arg, i) => {
            if (i === index) {
                return path.join(bundleDir!, 'deno-runtime', 'main.ts');
            }
            return arg.startsWith('--allow-read=') ? `${arg},${bundleDir}` : arg;
        });
        const env = { ...(options?.env || {}), DENO_DIR: process.env.DENO_DIR };
        return spawn(path.join(denoBinDir(), 'deno'), rewritten, { ...options, env });
    };
    (childProcess as { spawn: unknown }).spawn = redirected;
}

function safeRealpath(file: string): string | undefined {
    try {
        return fs.realpathSync(file);
    } catch {
        return undefined;
    }
}
