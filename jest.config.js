// Unit tests run in parallel; integration tests share one Apps-Engine per file (the engine is a
// per-process singleton and each file spawns Deno), so they run one file at a time.
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }] };

module.exports = {
    // An integration file starts the engine (a Deno process, ~1 s) and may package an app first.
    testTimeout: 60000,
    projects: [
        {
            displayName: 'unit',
            testEnvironment: 'node',
            transform: tsJest,
            testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
        },
        {
            displayName: 'integration',
            testEnvironment: 'node',
            transform: tsJest,
            testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
            // Jest has no per-project maxWorkers: this runner makes Jest run these files one at a time.
            runner: '<rootDir>/test/host/jest/serialRunner.js',
        },
    ],
};
