// ShiftLink's variant processes of the interleaved rounds: one direction each (rep→manager or
// manager→rep), timed over the small count of sessions opened through the app; the manager→rep process
// of the first round also measures traffic that is not ShiftLink's.
import { Engine } from '../host';
import { AppRuntime } from './appRuntime';
import type { VariantResult } from './echoPhase';
import { benchModel, measuredAfterWarmup } from './echoPhase';
import { RoundTrips } from './probes';
import type { LoopResult, Probe, Step } from './relay';
import { untimedLoop } from './relay';
import type { OpenSession } from './scene';
import { ShiftLinkScene } from './scene';
import type { Sizes } from './sizes';

export type Direction = 'rep_to_manager' | 'manager_to_rep';
export const DIRECTIONS: Direction[] = ['rep_to_manager', 'manager_to_rep'];

type Log = (line: string) => void;

export interface JobSample {
    at: string;
    open_sessions: number;
    sessions_with_job: number;
    max_per_session: number;
    jobs_for_closed_rooms: number;
}

export interface UnrelatedFigures {
    channel: Omit<LoopResult, 'latencies'>;
    direct_between_users: Omit<LoopResult, 'latencies'>;
    /** A web-widget conversation ShiftLink did not open: the agent's and the visitor's messages. */
    foreign_livechat_agent: Omit<LoopResult, 'latencies'>;
    foreign_livechat_visitor: Omit<LoopResult, 'latencies'>;
}

export interface DirectionResult extends VariantResult {
    jobSamples: JobSample[];
    unrelated?: UnrelatedFigures;
}

/** One engine with ShiftLink installed and configured, and the instruments every measurement uses. */
export class ShiftLinkBench {
    readonly scene: ShiftLinkScene;
    readonly jobSamples: JobSample[] = [];
    /** Every session the benchmark knows, by each of its ids (to attribute jobs whatever data they hold). */
    private readonly sessionsById = new Map<string, OpenSession>();

    private constructor(
        readonly probe: Probe,
        readonly sizes: Sizes,
        readonly log: Log,
    ) {
        this.scene = new ShiftLinkScene(probe.model, probe.engine, sizes.agents);
    }

    static async run<T>(zipPath: string, sizes: Sizes, log: Log, body: (bench: ShiftLinkBench) => Promise<T>): Promise<T> {
        const model = benchModel();
        const engine = await Engine.start(model, { zipPath, benchRuntime: true });
        try {
            const bench = new ShiftLinkBench({ model, engine, trips: new RoundTrips(engine), runtime: new AppRuntime(engine) }, sizes, log);
            await bench.scene.configure();
            return await body(bench);
        } finally {
            await engine.stop();
        }
    }

    know(sessions: OpenSession[]): OpenSession[] {
        for (const s of sessions) {
            [s.roomId, s.repId, s.dmId].forEach((id) => this.sessionsById.set(id, s));
        }
        return sessions;
    }

    /** Pending jobs per open session (max), and jobs left for closed rooms; a job belongs to the session whose id its data hold. */
    sampleJobs(at: string, openSessions: number): JobSample {
        const { model, engine } = this.probe;
        const perSession = new Map<OpenSession, number>();
        for (const job of model.scheduler.list(engine.appId)) {
            const text = JSON.stringify(job.data ?? {});
            const session = [...text.matchAll(/"([^"]+)"/g)].map((m) => this.sessionsById.get(m[1])).find(Boolean);
            if (session) {
                perSession.set(session, (perSession.get(session) || 0) + 1);
            }
        }
        let max = 0;
        let withJob = 0;
        let closed = 0;
        for (const [session, count] of perSession) {
            if (model.livechat.isOpen(session.roomId)) {
                max = Math.max(max, count);
                withJob++;
            } else {
                closed += count;
            }
        }
        const sample = { at, open_sessions: openSessions, sessions_with_job: withJob, max_per_session: max, jobs_for_closed_rooms: closed };
        this.jobSamples.push(sample);
        return sample;
    }

    async openSmall(): Promise<OpenSession[]> {
        this.log(`opening ${this.sizes.small} sessions through the app`);
        const sessions = this.know(
            await this.scene.openThroughApp(
                Array.from({ length: this.sizes.small }, () => this.scene.addRep()),
                this.sizes.small,
            ),
        );
        this.sampleJobs('small: opened', this.sizes.small);
        return sessions;
    }

    /** The message of one direction through `session`, and the relayed message that ends its measurement. */
    step(direction: Direction, s: OpenSession): Step {
        const { engine } = this.probe;
        return direction === 'rep_to_manager'
            ? {
                  send: (tag) => engine.sendDirectMessage(s.repId, s.dmId, { text: tag }),
                  answer: (tag) => (m) => m.room?.id === s.roomId && m.text === tag,
              }
            : {
                  send: (tag) => engine.sendLivechatMessage(s.agentId, s.roomId, { text: tag }),
                  answer: (tag) => (m) => m.room?.id === s.dmId && m.sender?.id === this.scene.botId && m.text === tag,
              };
    }

    expectSessions(expected: number, when: string): void {
        const found = this.scene.sessionRecords().length;
        if (found !== expected) {
            throw new Error(`${when}: expected ${expected} open ShiftLink sessions, the app has ${found}`);
        }
    }
}

/** A variant process of a round: the small count of sessions, timed relays in one direction. */
export function runDirection(
    zipPath: string,
    direction: Direction,
    sizes: Sizes,
    log: Log,
    withUnrelated: boolean,
): Promise<DirectionResult> {
    return ShiftLinkBench.run(zipPath, sizes, log, async (bench) => {
        const sessions = await bench.openSmall();
        log(`${sizes.warmup} warm-up + ${sizes.latencyMessages} timed messages ${direction}`);
        const { loop, app_heap } = await measuredAfterWarmup(bench.probe, direction, sizes, (i) =>
            bench.step(direction, sessions[i % sessions.length]),
        );
        bench.expectSessions(sizes.small, `after the relays at ${sizes.small} sessions`);
        bench.sampleJobs('small: after relays', sizes.small);
        const unrelated = withUnrelated ? await measureUnrelated(bench) : undefined;
        return { loop, app_heap, jobSamples: bench.jobSamples, unrelated };
    });
}

async function measureUnrelated(bench: ShiftLinkBench): Promise<UnrelatedFigures> {
    const { probe, scene, sizes, log } = bench;
    const { model, engine } = probe;
    log('traffic that is not ShiftLink’s (channel, DM between users, a web-widget livechat room)');
    const alice = model.users.add({ username: 'alice' });
    const bob = model.users.add({ username: 'bob' });
    const channel = model.rooms.createRoom({ type: 'c', name: 'general', creatorId: alice.id, userIds: [alice.id, bob.id] });
    const direct = model.rooms.createDirect([alice.id, bob.id]);
    const token = 'web-widget-visitor';
    const visitor = model.livechat.registerVisitor({
        token,
        username: 'guest-web',
        name: 'Web visitor',
        department: scene.departmentId,
    } as never);
    const room = await engine.server.startLivechat(visitor);
    await engine.idle();
    const agentId = (model.rooms.getById(room.id) as { servedBy?: { id: string } }).servedBy!.id;
    const n = sizes.unrelatedMessages;
    return {
        channel: await untimedLoop(probe, n, (i) => engine.sendDirectMessage(alice.id, channel.id, { text: `channel ${i}` })),
        direct_between_users: await untimedLoop(probe, n, (i) =>
            engine.sendDirectMessage(i % 2 ? bob.id : alice.id, direct.id, { text: `dm ${i}` }),
        ),
        foreign_livechat_agent: await untimedLoop(probe, n, (i) => engine.sendLivechatMessage(agentId, room.id, { text: `agent ${i}` })),
        foreign_livechat_visitor: await untimedLoop(probe, n, (i) => engine.sendVisitorMessage(token, room.id, { text: `visitor ${i}` })),
    };
}
