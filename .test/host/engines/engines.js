// The Apps-Engine versions the integration suite runs in, installed side by side as npm aliases
// (package.json). Plain CommonJS: read by jest.config.js, .test/tools/run.js, the matrix script and the host.
// `ENGINE=1.46.0 npm test` (or `ENGINE=1.46`) picks one; without ENGINE the default runs.
const ENGINES = {
    // Rocket.Chat 6.13 (the lowest `requiredApiVersion` ShiftLink claims); runs main.ts in place, spawns deno-bin's Deno.
    '1.46.0': { package: 'apps-engine-1.46', rocketChat: '6.13', runtimeInPlace: true },
    // Rocket.Chat 7.12 (the last 7.x); runs main.ts in place, spawns `deno` from PATH.
    '1.57.2': { package: 'apps-engine-1.57', rocketChat: '7.12', runtimeInPlace: true },
    // Rocket.Chat 8.x; runs main.ts from its temp folder (tempFilePath).
    '1.62.0': { package: '@rocket.chat/apps-engine', rocketChat: '8.4', runtimeInPlace: false },
};
const DEFAULT_ENGINE = '1.62.0';

/** The engine ENGINE names (a full version or its minor, e.g. `1.46`), or the default. */
function selectedEngine(env = process.env) {
    const wanted = (env.ENGINE || DEFAULT_ENGINE).trim();
    const version = Object.keys(ENGINES).find((v) => v === wanted || v.startsWith(`${wanted}.`));
    if (!version) {
        throw new Error(`ENGINE=${wanted} is not installed; choose one of ${Object.keys(ENGINES).join(', ')}`);
    }
    return { version, ...ENGINES[version], isDefault: version === DEFAULT_ENGINE };
}

/**
 * Jest moduleNameMapper: the host's `@rocket.chat/apps-engine/...` imports load the selected engine. Except
 * `definition/App`: the packager (apps-compiler, when a test packages an app) checks the compiled main class
 * against the App of the definitions it compiled with, the project's @rocket.chat/apps-engine.
 */
function jestModuleNameMapper(engine = selectedEngine()) {
    return engine.isDefault ? {} : { '^@rocket\\.chat/apps-engine/(?!definition/App$)(.*)$': `${engine.package}/$1` };
}

/**
 * esbuild options for host code that Node runs (.test/tools/run.js, the second instance, jest's global
 * setup): packages stay external, so the engine is loaded from node_modules once, and the same redirection
 * as jest's picks the selected engine.
 */
function nodeBundleOptions(engine = selectedEngine()) {
    return {
        bundle: true,
        platform: 'node',
        target: 'node20',
        format: 'cjs',
        packages: 'external',
        alias: engine.isDefault ? {} : { '@rocket.chat/apps-engine': engine.package },
        logLevel: 'error',
    };
}

module.exports = { ENGINES, DEFAULT_ENGINE, selectedEngine, jestModuleNameMapper, nodeBundleOptions };
