import * as path from 'path';

/** Folder holding the installed engine; every host path is derived from it so the host runs from sources and from build/. */
export const engineDir = path.dirname(require.resolve('@rocket.chat/apps-engine/package.json'));

/** The project root: the folder whose node_modules holds the engine. */
export const repoRoot = path.resolve(engineDir, '..', '..', '..');

/** Scratch space (git-ignored): packaged-app cache, staging folders, engine temp folders. */
export const scratchDir = path.join(repoRoot, '.tmp');

/** The deno binary of the `@deno/linux-x64-glibc` npm package; the engine spawns `deno` from PATH. */
export const denoBinDir = path.dirname(require.resolve('@deno/linux-x64-glibc/package.json'));
