// Unit tests run in parallel; integration tests share one Apps-Engine per file (the engine is a
// per-process singleton and each file spawns Deno), so they run one file at a time.
const tsJest = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'test/tsconfig.json', diagnostics: { warnOnly: false } }] };

module.exports = {
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
        },
    ],
};
