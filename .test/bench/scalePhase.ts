// The scale process: 10 against 10,000 open sessions in one process, interleaved. The extra sessions are
// seeded into the modelled server (clones of one the app opened: to the app, sessions another instance
// opened) and moved out and back between blocks (ModelStash), so both states are measured in the same
// process state, alternately, round after round. Each block times both directions through sessions the
// app has relayed for (hit) and through sessions it never handled (miss); after each block the app's own
// heap after a forced GC. At the small state, messages right after a setting change (settings-cache miss).
import { performance } from 'perf_hooks';

import type { AppHeap } from './appRuntime';
import { meanOf } from './probes';
import type { LoopResult } from './relay';
import { timedLoop } from './relay';
import type { Direction, JobSample } from './shiftlinkPhase';
import { DIRECTIONS, ShiftLinkBench } from './shiftlinkPhase';
import type { Sizes } from './sizes';
import type { OpenSession } from './scene';
import { SETTING_DEPARTMENT } from './scene';
import type { StashGroup } from './stash';
import { ModelStash } from './stash';

export type State = 'small' | 'large';
export type Path = 'hit' | 'miss';

export interface Block {
    round: number;
    state: State;
    direction: Direction;
    path: Path;
    loop: LoopResult;
}

export interface HeapSample {
    round: number;
    state: State;
    /** Sessions the app has handled in this process so far, and relayed messages in the rounds so far. */
    sessions_handled: number;
    messages: number;
    heap: AppHeap;
}

export interface ScaleResult {
    blocks: Block[];
    heap: HeapSample[];
    /** The app's heap before and after as many messages as the rounds sent, through sessions it already handled. */
    same_sessions_heap: { messages: number; before: AppHeap; after: AppHeap };
    setting_miss: Record<Direction, LoopResult>;
    jobSamples: JobSample[];
    /** Sessions closed by their agents at the end: what the app leaves behind for them. */
    closed_sample: { sessions: number; session_records_left: number; jobs_left: number };
    seed_seconds: number;
}

/** Short warm-up after each state switch (the host's GC after moving 10,000 sessions). */
const BLOCK_WARMUP = 3;

export function runScale(zipPath: string, sizes: Sizes, log: (line: string) => void): Promise<ScaleResult> {
    return ShiftLinkBench.run(zipPath, sizes, log, async (bench) => {
        const { probe, scene } = bench;
        const stash = new ModelStash(probe.model);
        const warm = await bench.openSmall();
        const template = warm[0];

        // Cold sessions for the small state's misses, one group each: attached only for their message.
        const coldCount = sizes.scaleRounds * DIRECTIONS.length * sizes.scaleMisses;
        const cold: Array<{ session: OpenSession; group: StashGroup }> = [];
        for (let i = 0; i < coldCount; i++) {
            let session!: OpenSession;
            const group = stash.group(() => {
                session = bench.know(scene.seedSessions(template, 1))[0];
            });
            stash.detach(group);
            cold.push({ session, group });
        }

        const extra = sizes.large - sizes.small;
        log(`seeding ${extra} sessions (clones of one the app opened)`);
        const t = performance.now();
        let seeded: OpenSession[] = [];
        const big = stash.group(() => {
            seeded = bench.know(scene.seedSessions(template, extra));
        });
        const seedSeconds = (performance.now() - t) / 1000;
        bench.expectSessions(sizes.large, 'after seeding');
        // Spread over the 10,000: the hit pool (relayed for once, untimed), then distinct never-handled ones.
        const picked = spread(seeded, sizes.scaleHits + sizes.scaleRounds * DIRECTIONS.length * sizes.scaleMisses);
        const largeHits = picked.slice(0, sizes.scaleHits);
        const largeMisses = picked.slice(sizes.scaleHits);
        log(`relaying once for the ${largeHits.length} sessions of the large state's hit pool`);
        await timedLoop(probe, 'prime', 0, largeHits.length, (i) => bench.step('rep_to_manager', largeHits[i]), 0);
        bench.sampleJobs('large: all open', sizes.large);
        stash.detach(big);
        bench.expectSessions(sizes.small, 'after moving the large state out');

        let handled = sizes.small + largeHits.length;
        let messages = 0;
        const blocks: Block[] = [];
        const heap: HeapSample[] = [];
        for (let round = 0; round < sizes.scaleRounds; round++) {
            const states: State[] = round % 2 === 0 ? ['small', 'large'] : ['large', 'small'];
            for (const state of states) {
                if (state === 'large') {
                    stash.attach(big);
                } else {
                    stash.detach(big);
                }
                bench.expectSessions(state === 'large' ? sizes.large : sizes.small, `round ${round}, ${state} state`);
                log(`round ${round + 1}/${sizes.scaleRounds}: ${state} state (${state === 'large' ? sizes.large : sizes.small} sessions)`);
                const directions = round % 2 === 0 ? DIRECTIONS : [...DIRECTIONS].reverse();
                for (const direction of directions) {
                    const hits = state === 'large' ? largeHits : warm;
                    const hitLoop = await timedLoop(probe, `${round}-${state}-${direction}-hit`, BLOCK_WARMUP, sizes.scaleHits, (i) =>
                        bench.step(direction, hits[i % hits.length]),
                    );
                    blocks.push({ round, state, direction, path: 'hit', loop: hitLoop });
                    messages += BLOCK_WARMUP + sizes.scaleHits + sizes.scaleMisses;
                    let missLoop: LoopResult;
                    if (state === 'large') {
                        const misses = largeMisses.splice(0, sizes.scaleMisses);
                        missLoop = await timedLoop(
                            probe,
                            `${round}-${state}-${direction}-miss`,
                            0,
                            misses.length,
                            (i) => bench.step(direction, misses[i]),
                            0,
                        );
                    } else {
                        // One cold session at a time: the small state plus the one being measured.
                        const misses = cold.splice(0, sizes.scaleMisses);
                        missLoop = await timedLoop(
                            probe,
                            `${round}-${state}-${direction}-miss`,
                            0,
                            misses.length,
                            (i) => {
                                if (i > 0) {
                                    stash.detach(misses[i - 1].group);
                                }
                                stash.attach(misses[i].group);
                                return bench.step(direction, misses[i].session);
                            },
                            0,
                        );
                        stash.detach(misses[misses.length - 1].group);
                    }
                    handled += sizes.scaleMisses;
                    blocks.push({ round, state, direction, path: 'miss', loop: missLoop });
                }
                heap.push({ round, state, sessions_handled: handled, messages, heap: await probe.runtime.heap() });
            }
        }

        // Small state: the first message after a setting change (onSettingUpdated invalidates the cache).
        stash.detach(big);
        const settingMiss = {} as Record<Direction, LoopResult>;
        for (const direction of DIRECTIONS) {
            log(`${sizes.settingMisses} ${direction} messages, each right after a setting change`);
            settingMiss[direction] = await settingMissLoop(bench, direction, warm, sizes.settingMisses);
        }

        // The same traffic with no session new to the app: what the heap does per message alone.
        const repeat = sizes.scaleRounds * DIRECTIONS.length * (BLOCK_WARMUP + sizes.scaleHits + sizes.scaleMisses);
        log(`${repeat} messages through the ${warm.length} sessions of the small state, heap before and after`);
        const beforeRepeat = await probe.runtime.heap();
        await timedLoop(probe, 'repeat', 0, repeat, (i) => bench.step(DIRECTIONS[i % 2], warm[Math.floor(i / 2) % warm.length]), 0);
        const sameSessions = { messages: repeat, before: beforeRepeat, after: await probe.runtime.heap() };

        stash.attach(big);
        bench.sampleJobs('large: after the rounds', sizes.large);
        const closing = largeHits.slice(0, Math.min(largeHits.length, 20));
        log(`closing ${closing.length} sessions as their agents`);
        await scene.closeAsAgents(closing, closing.length);
        const rooms = new Set(closing.map((s) => s.roomId));
        const closedSample = {
            sessions: closing.length,
            session_records_left: scene.sessionRecords().filter((r) => rooms.has(String(r.data.roomId))).length,
            jobs_left: bench.sampleJobs('large: after closing a sample', sizes.large - closing.length).jobs_for_closed_rooms,
        };
        return {
            blocks,
            heap,
            same_sessions_heap: sameSessions,
            setting_miss: settingMiss,
            jobSamples: bench.jobSamples,
            closed_sample: closedSample,
            seed_seconds: seedSeconds,
        };
    });
}

/** Messages each preceded (untimed) by an admin saving the department setting again. */
async function settingMissLoop(bench: ShiftLinkBench, direction: Direction, sessions: OpenSession[], count: number): Promise<LoopResult> {
    const { probe, scene } = bench;
    const loops: LoopResult[] = [];
    for (let i = 0; i < count; i++) {
        await probe.engine.setSetting(SETTING_DEPARTMENT, scene.departmentId);
        loops.push(
            await timedLoop(probe, `setting-${direction}-${i}`, 0, 1, () => bench.step(direction, sessions[i % sessions.length]), 0),
        );
    }
    return {
        latencies: loops.flatMap((l) => l.latencies),
        costs: loops.flatMap((l) => l.costs),
        bridge: meanOf(loops.map((l) => l.bridge)),
        round_trips: meanOf(loops.map((l) => l.round_trips)),
    };
}

/** `count` items spread evenly over `items` (deterministic: the same sample on every run). */
function spread<T>(items: T[], count: number): T[] {
    const step = items.length / count;
    return Array.from({ length: count }, (_, i) => items[Math.floor(i * step)]);
}
