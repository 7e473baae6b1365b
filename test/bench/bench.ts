// `npm run bench` (issue #6): what a message relayed by ShiftLink costs, against a bare echo app in the
// same engine, and how that cost grows with open sessions. Runs the real Apps-Engine of the integration
// host; prints a table with every figure, its target and PASS/MISS, and writes test/bench/results.json
// (`--quick`: small counts, results.quick.json). Exits non-zero only on errors, never on a missed target.
//
// Every phase runs in a child process of its own (one engine per process: the engine's AppManager is a
// singleton, and a stopped engine stays reachable for a while), started with --expose-gc for the heap
// figures: the echo baseline, ShiftLink's relays, the baseline again (A-B-A, so a drift of the machine
// moves both sides of the ratio alike), then the scale phase (10,000 sessions, heap).
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';

import { fixtureDir, packageApp } from '../host';
import { repoRoot } from '../host/paths';
import { runEcho } from './echoPhase';
import { buildResults, renderTable, targets } from './report';
import { runShiftLinkRelays, runShiftLinkScale } from './shiftlinkPhase';
import { FULL, QUICK } from './sizes';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizes = quick ? QUICK : FULL;
const PHASE = '--phase';
const phase = args.includes(PHASE) ? args[args.indexOf(PHASE) + 1] : undefined;

function log(line: string): void {
    console.log(`[bench${phase ? ` ${phase}` : ''} ${(performance.now() / 1000).toFixed(1)}s] ${line}`);
}

const PHASES = {
    echo: (zipPath: string) => runEcho(zipPath, sizes, log),
    relays: (zipPath: string) => runShiftLinkRelays(zipPath, sizes, log),
    scale: (zipPath: string) => runShiftLinkScale(zipPath, sizes, log),
};
type Phase = keyof typeof PHASES;
type PhaseResult<P extends Phase> = Awaited<ReturnType<(typeof PHASES)[P]>>;

async function main(): Promise<void> {
    const started = performance.now();
    log(`${quick ? 'quick' : 'full'} run: ${sizes.small} and ${sizes.large} open sessions`);
    const work = fs.mkdtempSync(path.join(repoRoot, '.tmp', 'bench-'));
    process.on('exit', () => fs.rmSync(work, { recursive: true, force: true }));
    const [echoZip, shiftLinkZip] = privateCopies(work, [await packageApp(fixtureDir('echo-app')), await packageApp(repoRoot)]);

    const inChild = <P extends Phase>(name: P, zipPath: string, tag: string) => runPhaseInChild(name, zipPath, path.join(work, `${tag}.json`)) as Promise<PhaseResult<P>>;
    const echoBefore = await inChild('echo', echoZip, 'echo-before');
    log(`echo p50 ${echoBefore.latency.p50_ms} ms`);
    const relays = await inChild('relays', shiftLinkZip, 'relays');
    const echoAfter = await inChild('echo', echoZip, 'echo-after');
    log(`echo p50 ${echoAfter.latency.p50_ms} ms`);
    const scale = await inChild('scale', shiftLinkZip, 'scale');

    const results = buildResults([echoBefore, echoAfter], relays, scale, sizes, quick, (performance.now() - started) / 1000);
    results.targets = targets(results);
    const file = path.join(repoRoot, 'test', 'bench', quick ? 'results.quick.json' : 'results.json');
    fs.writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

    const machine = results.machine as Record<string, string | number>;
    console.log(`\nShiftLink benchmark${quick ? ' (--quick: small counts, not the figures of record)' : ''}`);
    console.log(`${machine.cpu}, ${machine.cores} cores, ${machine.os}, node ${machine.node}; Apps-Engine ${require('@rocket.chat/apps-engine/package.json').version} (Deno runtime)\n`);
    console.log(renderTable(results));
    const missed = (results.targets as Array<{ figure: string; pass: boolean }>).filter((t) => !t.pass);
    console.log(`\n${missed.length ? `${missed.length} target(s) missed: ${missed.map((t) => t.figure).join('; ')}` : 'every target holds'}`);
    console.log(`run time ${((performance.now() - started) / 1000).toFixed(1)} s; results in ${path.relative(repoRoot, file)}`);
}

/**
 * The packaged zips, copied out of the shared package cache (.tmp/apps, which other tools may clear while
 * the benchmark runs) into this run's folder.
 */
function privateCopies(dir: string, zips: string[]): string[] {
    return zips.map((zip) => {
        const copy = path.join(dir, path.basename(zip));
        fs.copyFileSync(zip, copy);
        return copy;
    });
}

/** Runs this (compiled) script again as one phase, under --expose-gc; resolves with its result. */
function runPhaseInChild(name: Phase, zipPath: string, outFile: string): Promise<unknown> {
    const child = spawn(process.execPath, ['--expose-gc', ...process.execArgv, process.argv[1], PHASE, name, zipPath, outFile, ...(quick ? ['--quick'] : [])], { stdio: 'inherit' });
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
