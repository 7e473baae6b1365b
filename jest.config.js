// Unit tests run in parallel; integration tests share one Apps-Engine per file (the engine is a
// per-process singleton and each file spawns Deno), so they run one file at a time.
// ENGINE picks the Apps-Engine the integration files run in (.test/host/engines/engines.js).
const { jestModuleNameMapper } = require('./.test/host/engines/engines');

const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: '.test/tsconfig.json', diagnostics: { warnOnly: false } }] };

module.exports = {
    // An integration file starts the engine (a Deno process, ~1 s); the apps are packaged before (globalSetup).
    testTimeout: 60000,
    projects: [
        {
            displayName: 'unit',
            testEnvironment: 'node',
            transform: tsJest,
            testMatch: ['<rootDir>/.test/unit/**/*.test.ts'],
        },
        {
            displayName: 'integration',
            testEnvironment: 'node',
            transform: tsJest,
            testMatch: ['<rootDir>/.test/integration/**/*.test.ts'],
            moduleNameMapper: jestModuleNameMapper(),
            globalSetup: '<rootDir>/.test/host/jest/globalSetup.js',
            // Jest has no per-project maxWorkers: this runner makes Jest run these files one at a time.
            runner: '<rootDir>/.test/host/jest/serialRunner.js',
        },
    ],
};
