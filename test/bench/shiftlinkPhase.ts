// ShiftLink on the integration host, in two engine runs:
// - relays: a few warm sessions, timed between two echo runs (the baseline it is compared with), plus the
//   cost of traffic that is not ShiftLink's;
// - scale: the same relays at the small count as reference, heap after those sessions closed, then the
//   large scene (relays, pending jobs, closes, the idle close of a cohort) and the heap after it.
import { performance } from 'perf_hooks';

import { Engine, ServerModel } from '../host';
import type { HeapFigures } from './heap';
import { dropJournals, measureHeap } from './heap';
import type { BridgeSplit, LatencyStats } from './probes';
import { bridgeDelta, latencyStats, messagesLanded, round3, RoundTrips, rssMb } from './probes';
import type { LoopResult } from './relay';
import { timedLoop, untimedLoop } from './relay';
import type { OpenSession } from './scene';
import { ShiftLinkScene } from './scene';
import type { Sizes } from './sizes';

export interface RelayFigures {
    sessions: number;
    rep_to_manager: LoopResult & { latency: LatencyStats };
    manager_to_rep: LoopResult & { latency: LatencyStats };
}

export interface UnrelatedFigures {
    channel: Omit<LoopResult, 'latencies'>;
    direct_between_users: Omit<LoopResult, 'latencies'>;
    other_livechat_room: Omit<LoopResult, 'latencies'>;
}

export interface JobSample {
    at: string;
    open_sessions: number;
    sessions_with_job: number;
    max_per_session: number;
    jobs_for_closed_rooms: number;
}

export interface RelaysResult {
    small: RelayFigures;
    unrelated: UnrelatedFigures;
    jobSamples: JobSample[];
}

export interface ScaleResult {
    /**
     * The small count in the engine that runs the large scene, before it and again after it (A-B-A in
     * open sessions, so a drift of the machine during the run moves both sides of "large vs small" alike).
     */
    reference: RelayFigures;
    referenceAfter: RelayFigures;
    /** At the cohort opened through the app (1,000 in the full run), before the clones are added. */
    medium: RelayFigures;
    large: RelayFigures;
    opening: { through_app: number; seconds: number; sessions_per_s: number; bridge_calls_per_session: BridgeSplit; seeded: number; seed_seconds: number };
    close_seeded: { sessions: number; seconds: number };
    idle_close: {
        sessions: number;
        warn_seconds: number | null;
        warned_before_close_phase: number;
        /** Bridge calls per session while warning (phase 1) and while closing (phase 2), cascades included. */
        bridge_calls_per_warning: BridgeSplit | null;
        bridge_calls_per_close: BridgeSplit;
        close_seconds: number;
        total_seconds: number;
    };
    heap: { small: HeapFigures; large: HeapFigures; app_process_rss_mb: { small?: number; large?: number } };
    left_after_close: { session_records: number; rep_records: number; pending_jobs: number };
    jobSamples: JobSample[];
}

type Log = (line: string) => void;

/** One engine with ShiftLink installed and configured, and the instruments every measurement uses. */
class Bench {
    readonly trips: RoundTrips;
    readonly scene: ShiftLinkScene;
    readonly jobSamples: JobSample[] = [];

    private constructor(
        readonly model: ServerModel,
        readonly engine: Engine,
        readonly sizes: Sizes,
        readonly log: Log,
    ) {
        this.trips = new RoundTrips(engine);
        this.scene = new ShiftLinkScene(model, engine, sizes.agents);
    }

    static async run<T>(zipPath: string, sizes: Sizes, log: Log, body: (bench: Bench) => Promise<T>): Promise<T> {
        const model = new ServerModel();
        const engine = await Engine.start(model, { zipPath });
        try {
            const bench = new Bench(model, engine, sizes, log);
            await bench.scene.configure();
            return await body(bench);
        } finally {
            await engine.stop();
        }
    }

    /** Pending idle jobs per open session (max), and jobs left for closed rooms. */
    sampleJobs(at: string, openSessions: number): void {
        let max = 0;
        let withJob = 0;
        let closed = 0;
        for (const [roomId, count] of this.scene.jobsPerRoom()) {
            if (this.model.livechat.isOpen(roomId)) {
                max = Math.max(max, count);
                withJob++;
            } else {
                closed += count;
            }
        }
        this.jobSamples.push({ at, open_sessions: openSessions, sessions_with_job: withJob, max_per_session: max, jobs_for_closed_rooms: closed });
    }

    /** Timed relays, rep→manager then manager→rep, message i going through sessions[i % length]. */
    async relays(sessions: OpenSession[], label: string, openSessions: number): Promise<RelayFigures> {
        const { model, engine, trips, sizes, scene } = this;
        this.log(`shiftlink @${openSessions}: ${sizes.warmup} warm-up + ${sizes.latencyMessages} timed messages per direction`);
        const r2m = await timedLoop(model, engine, trips, `${label}-r2m`, sizes.warmup, sizes.latencyMessages, (i) => {
            const s = sessions[i % sessions.length];
            return {
                send: (tag) => engine.sendDirectMessage(s.repId, s.dmId, { text: tag }),
                answer: (tag) => (m) => m.room?.id === s.roomId && m.text === tag,
            };
        });
        const m2r = await timedLoop(model, engine, trips, `${label}-m2r`, sizes.warmup, sizes.latencyMessages, (i) => {
            const s = sessions[i % sessions.length];
            return {
                send: (tag) => engine.sendLivechatMessage(s.agentId, s.roomId, { text: tag }),
                answer: (tag) => (m) => m.room?.id === s.dmId && m.sender?.id === scene.botId && m.text === tag,
            };
        });
        this.expectSessions(openSessions, `after the relays at ${openSessions} sessions`);
        this.sampleJobs(`${label}: after relays`, openSessions);
        return {
            sessions: openSessions,
            rep_to_manager: { ...r2m, latency: latencyStats(r2m.latencies) },
            manager_to_rep: { ...m2r, latency: latencyStats(m2r.latencies) },
        };
    }

    async openSmall(): Promise<OpenSession[]> {
        this.log(`shiftlink: opening ${this.sizes.small} sessions through the app`);
        const sessions = await this.scene.openThroughApp(Array.from({ length: this.sizes.small }, () => this.scene.addRep()), this.sizes.openBatch);
        this.sampleJobs('small: opened', this.sizes.small);
        return sessions;
    }

    expectSessions(expected: number, when: string): void {
        const found = this.scene.sessionRecords().length;
        if (found !== expected) {
            throw new Error(`${when}: expected ${expected} open ShiftLink sessions, the app has ${found}`);
        }
    }
}

/** Relay latency and bridge calls at the small count (warm, steady state), and unrelated traffic. */
export function runShiftLinkRelays(zipPath: string, sizes: Sizes, log: Log): Promise<RelaysResult> {
    return Bench.run(zipPath, sizes, log, async (bench) => {
        const sessions = await bench.openSmall();
        const small = await bench.relays(sessions, 'small', sizes.small);
        log('shiftlink: unrelated traffic (channel, DM between users, another livechat room)');
        const unrelated = await measureUnrelated(bench);
        bench.sampleJobs('small: after unrelated traffic', sizes.small);
        return { small, unrelated, jobSamples: bench.jobSamples };
    });
}

/** Small reference, heap after it closed, the large scene, heap after it closed. */
export function runShiftLinkScale(zipPath: string, sizes: Sizes, log: Log): Promise<ScaleResult> {
    return Bench.run(zipPath, sizes, log, async (bench) => {
        const { model, scene, trips } = bench;
        const smallSessions = await bench.openSmall();
        const reference = await bench.relays(smallSessions, 'reference', sizes.small);
        await scene.closeAsAgents(smallSessions, sizes.closeBatch);
        bench.expectSessions(0, 'after closing the small scene');
        const heapSmall = await measureHeap(model);
        const rssSmall = rssMb(trips.denoPid);
        log(`shiftlink: heap after ${sizes.small} sessions opened and closed: ${heapSmall.without_database_mb} MB (${heapSmall.total_mb} MB with the modelled database)`);

        // The large scene's session lists live inside runLargeScene: the heap measured after it holds none.
        const largeScene = await runLargeScene(bench);

        const left = leftovers(bench);
        const heapLarge = await measureHeap(model);
        const rssLarge = rssMb(trips.denoPid);
        log(`shiftlink: heap after ${sizes.small + sizes.large} sessions opened and closed: ${heapLarge.without_database_mb} MB (${heapLarge.total_mb} MB with the modelled database)`);

        // Back to the small count: fresh sessions on a server that now has the large scene's history.
        const referenceAfter = await bench.relays(await bench.openSmall(), 'reference-after', sizes.small);
        return {
            reference,
            referenceAfter,
            ...largeScene,
            heap: { small: heapSmall, large: heapLarge, app_process_rss_mb: { small: rssSmall, large: rssLarge } },
            left_after_close: left,
            jobSamples: bench.jobSamples,
        };
    });
}

/** A small deterministic PRNG (mulberry32): the same sample of sessions on every run. */
function prng(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

function sample<T>(items: T[], count: number, seed: number): T[] {
    const random = prng(seed);
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [copy[i], copy[j]] = [copy[j], copy[i]];
    }
    return copy.slice(0, count);
}

/**
 * A cohort opened through the app, the rest cloned from one of them; relays over a sample of all of them;
 * the clones closed by their agents; then the cohort goes idle and the app closes it.
 */
async function runLargeScene(bench: Bench): Promise<Pick<ScaleResult, 'medium' | 'large' | 'opening' | 'close_seeded' | 'idle_close'>> {
    const { model, scene, sizes, log } = bench;
    log(`shiftlink: opening ${sizes.openedThroughApp} sessions through the app (batches of ${sizes.openBatch})`);
    const cohortReps = Array.from({ length: sizes.openedThroughApp }, () => scene.addRep());
    const beforeOpen = model.counters.snapshot();
    let t = performance.now();
    const cohort = await scene.openThroughApp(cohortReps, sizes.openBatch);
    const openSeconds = (performance.now() - t) / 1000;
    const openCost = bridgeDelta(beforeOpen, model.counters.snapshot(), cohort.length);
    bench.sampleJobs('medium: cohort opened', cohort.length);
    dropJournals(model);
    const medium = await bench.relays(sample(cohort, sizes.warmup + sizes.latencyMessages, 5), 'medium', cohort.length);

    const seededCount = sizes.large - cohort.length;
    log(`shiftlink: ${cohort.length} opened in ${openSeconds.toFixed(1)} s; cloning ${seededCount} more from one of them`);
    t = performance.now();
    const seeded = scene.seedSessions(cohort[0], seededCount);
    const seedSeconds = (performance.now() - t) / 1000;
    bench.expectSessions(sizes.large, 'after seeding');
    bench.sampleJobs('large: all open', sizes.large);
    dropJournals(model);

    // Distinct sessions, app-opened and cloned alike, each used once.
    const picked = sample([...cohort, ...seeded], sizes.warmup + sizes.latencyMessages, 6);
    const large = await bench.relays(picked, 'large', sizes.large);

    log(`shiftlink: closing the ${seeded.length} cloned sessions as their agents (the app ends each one)`);
    t = performance.now();
    await scene.closeAsAgents(seeded, sizes.closeBatch);
    const closeSeededSeconds = (performance.now() - t) / 1000;
    bench.expectSessions(cohort.length, 'after closing the cloned sessions');
    bench.sampleJobs('large: cloned sessions closed', cohort.length);
    dropJournals(model);

    log(`shiftlink: idle close of the ${cohort.length} sessions opened through the app`);
    const idle = await idleClose(bench, cohort);
    bench.expectSessions(0, 'after the idle close');
    bench.sampleJobs('large: all closed', 0);
    return {
        medium,
        large,
        opening: {
            through_app: cohort.length,
            seconds: round3(openSeconds),
            sessions_per_s: round3(cohort.length / openSeconds),
            bridge_calls_per_session: openCost,
            seeded: seeded.length,
            seed_seconds: round3(seedSeconds),
        },
        close_seeded: { sessions: seeded.length, seconds: round3(closeSeededSeconds) },
        idle_close: idle,
    };
}

/** What the app keeps once every session is closed: no session, no job; one rep record per rep (by design). */
function leftovers(bench: Bench): ScaleResult['left_after_close'] {
    const { model, engine, scene } = bench;
    return {
        session_records: scene.sessionRecords().length,
        rep_records: model.persistence.all(engine.appId).filter((r) => r.associations.some((a) => a.id === 'shiftlink-rep')).length,
        pending_jobs: model.scheduler.list(engine.appId).length,
    };
}

async function measureUnrelated(bench: Bench): Promise<UnrelatedFigures> {
    const { model, engine, scene, trips, sizes } = bench;
    const alice = model.users.add({ username: 'alice' });
    const bob = model.users.add({ username: 'bob' });
    const channel = model.rooms.createRoom({ type: 'c', name: 'general', creatorId: alice.id, userIds: [alice.id, bob.id] });
    const direct = model.rooms.createDirect([alice.id, bob.id]);
    // A web-widget visitor's conversation: a livechat room ShiftLink did not open.
    const visitor = model.livechat.registerVisitor({ token: 'web-widget-visitor', username: 'guest-web', name: 'Web visitor', department: scene.departmentId } as never);
    const room = await engine.server.startLivechat(visitor);
    await engine.idle();
    const agentId = (model.rooms.getById(room.id) as { servedBy?: { id: string } }).servedBy!.id;
    const n = sizes.unrelatedMessages;
    return {
        channel: await untimedLoop(model, engine, trips, n, (i) => engine.sendDirectMessage(alice.id, channel.id, { text: `channel ${i}` })),
        direct_between_users: await untimedLoop(model, engine, trips, n, (i) => engine.sendDirectMessage(i % 2 ? bob.id : alice.id, direct.id, { text: `dm ${i}` })),
        other_livechat_room: await untimedLoop(model, engine, trips, n, (i) => engine.sendLivechatMessage(agentId, room.id, { text: `agent ${i}` })),
    };
}

/**
 * The cohort goes idle. Phase 1 moves the clock to just before the first close is due, so every warning
 * job runs (when the cohort's last activity spans less than the warning period); phase 2 moves it past the
 * last close time: all close jobs fire together, timed until every room is closed and every rep notified.
 */
async function idleClose(bench: Bench, cohort: OpenSession[]): Promise<ScaleResult['idle_close']> {
    const { model, engine, scene } = bench;
    const setting = engine.getManager().getSettingsManager().getAppSetting(engine.appId, 'shiftlink_idle_timeout_minutes');
    const timeoutMs = Number(setting.value ?? setting.packageValue) * 60_000;
    if (!(timeoutMs > 0)) {
        throw new Error(`unexpected idle timeout setting: ${JSON.stringify(setting)}`);
    }
    const openedAt = new Map(scene.sessionRecords().map((r) => [String(r.data.roomId), Number(r.data.openedAt)]));
    const activity = cohort.map((s) => Math.max(openedAt.get(s.roomId) ?? 0, new Date(model.rooms.getById(s.roomId)!.lastModifiedAt!).getTime()));
    const firstClose = Math.min(...activity) + timeoutMs;
    const lastClose = Math.max(...activity) + timeoutMs;
    const dms = new Set(cohort.map((s) => s.dmId));
    const rooms = new Set(cohort.map((s) => s.roomId));
    const fromBot = (m: { room?: { id: string }; sender?: { id: string } }) => dms.has(m.room?.id ?? '') && m.sender?.id === scene.botId;

    let warnSeconds: number | null = null;
    let warned = 0;
    let warnCost: BridgeSplit | null = null;
    const total = performance.now();
    if (firstClose - 1 > model.clock.nowMs()) {
        const warnings = messagesLanded(model, cohort.length, fromBot);
        const before = model.counters.snapshot();
        const t = performance.now();
        await model.clock.advance(firstClose - 1 - model.clock.nowMs());
        await engine.idle(60_000);
        warnSeconds = round3((performance.now() - t) / 1000);
        warned = warnings.seen();
        warnings.stop();
        warnCost = bridgeDelta(before, model.counters.snapshot(), cohort.length);
        bench.sampleJobs('idle: warned', cohort.length);
    }
    // Every rep gets the close notice, plus the warning still missing if phase 1 did not cover it.
    const notices = messagesLanded(model, cohort.length + (cohort.length - warned), fromBot, 600_000);
    const closes = messagesLanded(model, cohort.length, (m) => m.type === 'livechat-close' && rooms.has(m.room?.id ?? ''), 600_000);
    const before = model.counters.snapshot();
    const t = performance.now();
    await model.clock.advance(Math.max(0, lastClose + 1000 - model.clock.nowMs()));
    const end = Math.max(await closes.done, await notices.done);
    await engine.idle(60_000);
    return {
        sessions: cohort.length,
        warn_seconds: warnSeconds,
        warned_before_close_phase: warned,
        bridge_calls_per_warning: warnCost,
        bridge_calls_per_close: bridgeDelta(before, model.counters.snapshot(), cohort.length),
        close_seconds: round3((end - t) / 1000),
        total_seconds: round3((end - total) / 1000),
    };
}
