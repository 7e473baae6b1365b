// The benchmark must not rot: its --quick smoke run (small counts, same code paths as `npm run bench`)
// has to finish cleanly and write every figure issue #6 asks for, as a finite number.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const resultsFile = path.join(root, 'test', 'bench', 'results.quick.json');

const REQUIRED_NUMBERS = [
    'rep_to_manager.p50_ms',
    'rep_to_manager.p50_ratio_vs_echo',
    'manager_to_rep.p50_ms',
    'manager_to_rep.p50_ratio_vs_echo',
    'bridge_calls_per_relayed_message',
    'scheduler_calls_per_relayed_message',
    'bridge_calls_per_unrelated_message',
    'max_pending_jobs_per_session',
    'heap_mb_10k_vs_10_ratio',
    'latency_10k_vs_10_ratio',
    'close_1000_idle_sessions_s',
];

const at = (object: unknown, dotted: string): unknown => dotted.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);

describe('npm run bench -- --quick', () => {
    let exitCode: number | null = null;
    let stdout = '';
    let stderr = '';
    let results: Record<string, unknown>;

    beforeAll(async () => {
        fs.rmSync(resultsFile, { force: true });
        await new Promise<void>((resolve) => {
            execFile(process.execPath, [path.join(root, 'test', 'tools', 'run.js'), 'test/bench/bench.ts', '--quick'], { cwd: root, timeout: 170_000, maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => {
                exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
                stdout = out;
                stderr = err;
                resolve();
            });
        });
        results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : {};
    }, 180_000);

    it('exits 0 and prints the table', () => {
        expect({ exitCode, stderr: exitCode === 0 ? '' : stderr.slice(-4000) }).toEqual({ exitCode: 0, stderr: '' });
        expect(stdout).toMatch(/\| Figure +\| Value +\| Target +\| Result +\|/);
        expect(stdout).toMatch(/\| (PASS|MISS) +\|/);
    });

    it('writes every figure of the issue as a finite number', () => {
        const missing = REQUIRED_NUMBERS.filter((key) => typeof at(results, key) !== 'number' || !Number.isFinite(at(results, key) as number));
        expect(missing).toEqual([]);
    });

    it('names the machine it ran on', () => {
        const machine = results.machine as Record<string, unknown>;
        expect(machine).toEqual(expect.objectContaining({ os: expect.any(String), cpu: expect.any(String), node: process.version }));
        expect(Number.isInteger(machine.cores) && (machine.cores as number) > 0).toBe(true);
    });

    it('judges every target, and ran the quick counts', () => {
        const targets = results.targets as Array<{ figure: string; value: number; pass: boolean }>;
        expect(targets.length).toBeGreaterThan(0);
        expect(targets.filter((t) => typeof t.pass !== 'boolean' || !Number.isFinite(t.value))).toEqual([]);
        expect(at(results, 'run.quick')).toBe(true);
    });
});
