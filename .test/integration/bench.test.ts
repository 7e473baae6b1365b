// The benchmark must not rot: its --quick smoke run (small counts, same code paths as `npm run bench`)
// has to finish cleanly and write every figure issue 13 asks for, as a finite number.
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

const root = path.resolve(__dirname, '..', '..');
const resultsFile = path.join(root, '.test', 'bench', 'results.quick.json');

const REQUIRED_NUMBERS = [
    'rounds',
    'rep_to_manager.sequential_app_calls',
    'manager_to_rep.sequential_app_calls',
    'rep_to_manager.p50_ratio_vs_floor_echo',
    'rep_to_manager.p50_ratio_vs_floor_echo_min',
    'rep_to_manager.p50_ratio_vs_floor_echo_max',
    'manager_to_rep.p50_ratio_vs_floor_echo',
    'manager_to_rep.p50_ratio_vs_floor_echo_min',
    'manager_to_rep.p50_ratio_vs_floor_echo_max',
    'bridge_calls_per_relayed_message',
    'bridge_calls_per_foreign_livechat_message',
    'scheduler_calls_per_relayed_message',
    'persistence_writes_per_relayed_message',
    'max_pending_jobs_per_session',
    'app_heap_10k_vs_10_ratio',
    'latency_10k_vs_10_ratio',
    'run_seconds',
];

const at = (object: unknown, dotted: string): unknown =>
    dotted.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], object);

describe('npm run bench -- --quick', () => {
    let exitCode: number | null = null;
    let stdout = '';
    let stderr = '';
    let results: Record<string, unknown>;

    beforeAll(async () => {
        fs.rmSync(resultsFile, { force: true });
        await new Promise<void>((resolve) => {
            execFile(
                process.execPath,
                [path.join(root, '.test', 'tools', 'run.js'), '.test/bench/bench.ts', '--quick'],
                { cwd: root, timeout: 280_000, maxBuffer: 16 * 1024 * 1024 },
                (error, out, err) => {
                    exitCode = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
                    stdout = out;
                    stderr = err;
                    resolve();
                },
            );
        });
        results = fs.existsSync(resultsFile) ? JSON.parse(fs.readFileSync(resultsFile, 'utf8')) : {};
    }, 300_000);

    it('exits 0 and prints the table', () => {
        expect({ exitCode, stderr: exitCode === 0 ? '' : stderr.slice(-4000) }).toEqual({ exitCode: 0, stderr: '' });
        expect(stdout).toMatch(/\| Figure +\| Value +\| Target +\| Result +\|/);
        expect(stdout).toMatch(/\| (PASS|MISS) +\|/);
    });

    it('writes every figure of the issue as a finite number', () => {
        const missing = REQUIRED_NUMBERS.filter(
            (key) => typeof at(results, key) !== 'number' || !Number.isFinite(at(results, key) as number),
        );
        expect(missing).toEqual([]);
    });

    it('names the machine it ran on', () => {
        const machine = results.machine as Record<string, unknown>;
        expect(machine).toEqual(expect.objectContaining({ os: expect.any(String), cpu: expect.any(String), node: process.version }));
        expect(Number.isInteger(machine.cores) && (machine.cores as number) > 0).toBe(true);
    });

    it('judges every target, and ran the quick counts in interleaved rounds', () => {
        const targets = results.targets as Array<{ figure: string; value: number; pass: boolean }>;
        expect(targets.length).toBeGreaterThan(0);
        expect(targets.filter((t) => typeof t.pass !== 'boolean' || !Number.isFinite(t.value))).toEqual([]);
        expect(at(results, 'run.quick')).toBe(true);
        // The floor echo and both directions ran once per round, in a rotated order; the plain echo in the first.
        const rounds = results.round_details as Array<{ order: string[] }>;
        expect(rounds.length).toBe(results.rounds);
        expect(rounds.map((r) => r.order.filter((v) => v !== 'echo').sort())).toEqual(
            rounds.map(() => ['floor_echo', 'manager_to_rep', 'rep_to_manager']),
        );
        expect(new Set(rounds.map((r) => r.order[0])).size).toBe(rounds.length);
        expect(rounds[0].order).toContain('echo');
    });

    it('counts the floor echo at one app→host call per message, the plain echo at two in sequence', () => {
        // The instrument itself: the two fixtures' call structure is known, so the count must find it.
        expect(at(results, 'floor_echo.sequential_app_calls')).toBe(1);
        expect(at(results, 'echo.sequential_app_calls')).toBe(2);
    });
});
