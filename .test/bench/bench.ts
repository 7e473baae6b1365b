// `npm run bench` (issue 13): what a message relayed by ShiftLink costs against the floor (an echo app that
// keeps its bot user), in interleaved rounds, and how that cost and the app's own heap behave at 10 and at
// 10,000 open sessions. Runs the real Apps-Engine of the integration host; prints a table with every
// figure, its target and PASS/MISS, and writes .test/bench/results.json (`--quick`: small counts,
// results.quick.json). Exits non-zero only on errors, never on a missed target.
//
// Rounds: in each, every variant (floor echo, rep→manager, manager→rep; the plain echo in the first round)
// runs in a fresh process of its own, in an order rotated by one each round, so the machine's drift and process-to-process noise
// spread over all variants; each ratio is taken within a round, then the median and min–max over rounds.
// The scale process then alternates 10 and 10,000 sessions in one process (scalePhase.ts).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

import { fixtureDir, packageApp, ServerModel } from '../host';
import { engineDir, repoRoot } from '../host/paths';
import { runEcho } from './echoPhase';
import type { RoundResult } from './report';
import { buildResults, renderTable, ROTATED } from './report';
import type { Variant } from './report';
import { runScale } from './scalePhase';
import { runDirection } from './shiftlinkPhase';
import { dbRoundTripMs, FULL, QUICK } from './sizes';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizes = quick ? QUICK : FULL;
const PHASE = '--phase';
const UNRELATED = '--unrelated';
const phase = args.includes(PHASE) ? args[args.indexOf(PHASE) + 1] : undefined;

function log(line: string): void {
    console.log(`[bench${phase ? ` ${phase}` : ''} ${(performance.now() / 1000).toFixed(1)}s] ${line}`);
}

const PHASES = {
    floor_echo: (zipPath: string) => runEcho(zipPath, sizes, log),
    echo: (zipPath: string) => runEcho(zipPath, sizes, log),
    rep_to_manager: (zipPath: string) => runDirection(zipPath, 'rep_to_manager', sizes, log, args.includes(UNRELATED)),
    manager_to_rep: (zipPath: string) => runDirection(zipPath, 'manager_to_rep', sizes, log, args.includes(UNRELATED)),
    scale: (zipPath: string) => runScale(zipPath, sizes, log),
};
type Phase = keyof typeof PHASES;
type PhaseResult<P extends Phase> = Awaited<ReturnType<(typeof PHASES)[P]>>;

async function main(): Promise<void> {
    const started = performance.now();
    const loadBefore = os.loadavg();
    log(`${quick ? 'quick' : 'full'} run: ${sizes.rounds} rounds; ${sizes.small} and ${sizes.large} open sessions`);
    const work = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'bench-'));
    process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
    const zips: Record<Variant, string> = {
        floor_echo: privateCopy(work, await packageApp(fixtureDir('floor-echo-app'))),
        echo: privateCopy(work, await packageApp(fixtureDir('echo-app'))),
        rep_to_manager: '',
        manager_to_rep: '',
    };
    zips.rep_to_manager = zips.manager_to_rep = privateCopy(work, await packageApp(repoRoot));

    const inChild = <P extends Phase>(name: P, zipPath: string, tag: string, extra: string[] = []) =>
        runPhaseInChild(name, zipPath, path.join(work, `${tag}.json`), extra) as Promise<PhaseResult<P>>;
    const rounds: RoundResult[] = [];
    for (let round = 0; round < sizes.rounds; round++) {
        const rotated = ROTATED.map((_, i) => ROTATED[(i + round) % ROTATED.length]);
        // The plain echo is a reference, not a baseline: measured in the first round only (run time).
        const order: Variant[] = round === 0 ? [...rotated, 'echo'] : rotated;
        log(`round ${round + 1}/${sizes.rounds}: ${order.join(', ')}`);
        const results = {} as RoundResult['results'];
        for (const variant of order) {
            // Traffic that is not ShiftLink's is measured once, in the first round's manager→rep process.
            const extra = round === 0 && variant === 'manager_to_rep' ? [UNRELATED] : [];
            (results as Record<Variant, unknown>)[variant] = await inChild(variant, zips[variant], `${variant}-${round}`, extra);
        }
        rounds.push({ order, results });
    }
    const scale = await inChild('scale', zips.rep_to_manager, 'scale');

    const seconds = (performance.now() - started) / 1000;
    const dbMs = dbRoundTripMs(args) ?? new ServerModel().rooms.timing.roundTripMs;
    const results = buildResults(rounds, scale, sizes, quick, seconds, { before: loadBefore, after: os.loadavg() }, dbMs);
    const file = path.join(repoRoot, '.test', 'bench', quick ? 'results.quick.json' : 'results.json');
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

    const machine = results.machine as Record<string, unknown>;
    console.log(`\nShiftLink benchmark${quick ? ' (--quick: small counts, not the figures of record)' : ''}`);
    console.log(
        `${machine.cpu}, ${machine.cores} cores, ${machine.os}, node ${machine.node}, load average ${(machine.load_average as number[]).join(' / ')}; Apps-Engine ${JSON.parse(fs.readFileSync(path.join(engineDir, 'package.json'), 'utf8')).version} (Deno runtime)\n`,
    );
    console.log(renderTable(results));
    const missed = (results.targets as Array<{ figure: string; pass: boolean }>).filter((t) => !t.pass);
    console.log(
        `\n${missed.length ? `${missed.length} target(s) missed: ${missed.map((t) => t.figure).join('; ')}` : 'every target holds'}`,
    );
    console.log(`run time ${seconds.toFixed(1)} s; results in ${path.relative(repoRoot, file)}`);
}

/** The packaged zip, copied out of the shared package cache (.tmp/apps, which other tools may clear meanwhile). */
function privateCopy(dir: string, zip: string): string {
    const copy = path.join(dir, path.basename(zip));
    fs.copyFileSync(zip, copy);
    return copy;
}

/** Runs this (compiled) script again as one phase in a fresh process; resolves with its result. */
function runPhaseInChild(name: Phase, zipPath: string, outFile: string, extra: string[]): Promise<unknown> {
    const dbMs = dbRoundTripMs(args);
    const passOn = [...(quick ? ['--quick'] : []), ...(dbMs !== undefined ? ['--db-round-trip-ms', String(dbMs)] : [])];
    const child = spawn(process.execPath, [...process.execArgv, process.argv[1], PHASE, name, zipPath, outFile, ...extra, ...passOn], {
        stdio: 'inherit',
    });
    return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code, signal) => {
            if (code === 0) {
                resolve(JSON.parse(fs.readFileSync(outFile, 'utf8')));
            } else {
                reject(new Error(`the ${name} phase failed (exit ${code ?? signal})`));
            }
        });
    });
}

async function runPhase(name: string): Promise<void> {
    const [zipPath, outFile] = args.slice(args.indexOf(PHASE) + 2);
    if (!(name in PHASES)) {
        throw new Error(`unknown phase ${name}`);
    }
    fs.writeFileSync(outFile, JSON.stringify(await PHASES[name as Phase](zipPath)));
}

(phase ? runPhase(phase) : main()).then(
    () => process.exit(0),
    (error) => {
        console.error(`benchmark failed: ${error instanceof Error ? error.stack : String(error)}`);
        process.exit(1);
    },
);
