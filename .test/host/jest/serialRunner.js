// Jest has no per-project maxWorkers; a runner flagged isSerial makes Jest run that project's files one
// at a time (each integration file spawns Deno processes and holds the engine's per-process singleton).
// jest-runner comes with jest (not a direct devDependency): resolve it from jest's own location.
const TestRunner = require(require.resolve('jest-runner', { paths: [require.resolve('jest')] })).default;

class SerialRunner extends TestRunner {
    get isSerial() {
        return true;
    }
}

module.exports = SerialRunner;
