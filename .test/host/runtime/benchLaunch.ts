import * as fs from 'fs';
import * as path from 'path';

import { denoBinDir } from '../platform/deno';

/**
 * Bench mode: the engine spawns `deno` from PATH with a fixed argument list and environment, so a `deno`
 * placed first on PATH adds `--v8-flags=--expose-gc` to its `run` (exec keeps the pid the engine knows).
 * With gc() exposed the runtime answers the benchmark's `bench:*` requests (benchHook.ts).
 */
export function launchDenoWithGc(tempDir: string): void {
    const binDir = path.join(tempDir, 'bench-bin');
    const real = path.join(denoBinDir(), 'deno');
    fs.mkdirSync(binDir, { recursive: true });
    const script = `#!/bin/sh\nif [ "$1" = run ]; then shift; exec "${real}" run --v8-flags=--expose-gc "$@"; fi\nexec "${real}" "$@"\n`;
    fs.writeFileSync(path.join(binDir, 'deno'), script, { mode: 0o755 });
    process.env.PATH = [binDir, ...(process.env.PATH || '').split(path.delimiter).filter((entry) => entry !== binDir)].join(path.delimiter);
}
