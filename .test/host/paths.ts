import * as path from 'path';

import { selectedEngine } from './engines/engines';

const engine = selectedEngine();

/**
 * Folder holding the engine this run uses (ENGINE, see engines/engines.js); every host path is derived
 * from it so the host runs from sources and from build/.
 */
export const engineDir = path.dirname(require.resolve(`${engine.package}/package.json`));

/** The project root: the folder whose node_modules holds the engine. */
export const repoRoot = path.resolve(engineDir, ...engine.package.split('/').map(() => '..'), '..');

/** Scratch space (git-ignored): packaged-app cache, staging folders, engine temp folders. */
export const scratchDir = path.join(repoRoot, '.tmp');
