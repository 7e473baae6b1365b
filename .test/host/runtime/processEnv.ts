import * as fs from 'fs';
import * as path from 'path';

import { denoBinDir } from '../platform/deno';
import { scratchDir } from '../paths';

/**
 * Process-wide settings the engine reads from the environment when it spawns or checks things:
 * - PATH: the engine spawns `deno` from PATH; the Deno of this platform's @deno/* package goes first.
 * - DENO_DIR: otherwise the engine points Deno at a cache folder inside node_modules.
 * - NODE_ENV: the engine skips every permission check when NODE_ENV is 'test' (AppPermissionManager),
 *   which jest sets; RC runs with permissions enforced, so the host does too.
 */
export function prepareProcessEnv(): void {
    const denoDir = denoBinDir();
    const pathEntries = (process.env.PATH || '').split(path.delimiter);
    if (pathEntries[0] !== denoDir) {
        process.env.PATH = [denoDir, ...pathEntries].join(path.delimiter);
    }
    if (!process.env.DENO_DIR) {
        process.env.DENO_DIR = path.join(scratchDir, 'deno-dir');
        fs.mkdirSync(process.env.DENO_DIR, { recursive: true });
    }
    if (process.env.NODE_ENV === 'test') {
        process.env.NODE_ENV = 'development';
    }
}
