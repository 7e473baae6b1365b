// The baselines: an echo fixture app, packaged and installed like ShiftLink, answering each DM to its bot
// with one message. The floor echo (.test/fixtures/floor-echo-app) keeps its bot user and posts with one
// app → host call: the floor any app pays in this engine. The plain echo (.test/fixtures/echo-app) posts
// without a sender, so the runtime first asks the host for the app user: two calls in sequence.
import { Engine, ServerModel } from '../host';
import type { AppHeap } from './appRuntime';
import { AppRuntime } from './appRuntime';
import { RoundTrips } from './probes';
import type { LoopResult, Probe, Step } from './relay';
import { timedLoop } from './relay';
import type { Sizes } from './sizes';
import { dbRoundTripMs } from './sizes';

export interface VariantResult {
    loop: LoopResult;
    /** The app process's heap after a forced GC, after the warm-up and after the timed messages. */
    app_heap: { before: AppHeap; after: AppHeap };
}

/** Warm-up (untimed), the app's heap, the timed messages, the app's heap again. */
export async function measuredAfterWarmup(probe: Probe, label: string, sizes: Sizes, step: (i: number) => Step): Promise<VariantResult> {
    await timedLoop(probe, `${label}-warmup`, sizes.warmup, 0, step, 0);
    const before = await probe.runtime.heap();
    const loop = await timedLoop(probe, label, 0, sizes.latencyMessages, (i) => step(sizes.warmup + i));
    return { loop, app_heap: { before, after: await probe.runtime.heap() } };
}

/** A model with the database round trip set by `--db-round-trip-ms` (see sizes.ts), else the host's default. */
export function benchModel(): ServerModel {
    const model = new ServerModel();
    const ms = dbRoundTripMs(process.argv);
    if (ms !== undefined) {
        model.rooms.timing.roundTripMs = ms;
        model.persistence.timing.roundTripMs = ms;
    }
    return model;
}

export async function withProbe<T>(zipPath: string, body: (probe: Probe) => Promise<T>): Promise<T> {
    const model = benchModel();
    const engine = await Engine.start(model, { zipPath, benchRuntime: true });
    try {
        return await body({ model, engine, trips: new RoundTrips(engine), runtime: new AppRuntime(engine) });
    } finally {
        await engine.stop();
    }
}

export function runEcho(zipPath: string, sizes: Sizes, log: (line: string) => void): Promise<VariantResult> {
    return withProbe(zipPath, async (probe) => {
        const { model, engine } = probe;
        const bot = await engine.appUser();
        // As many users as a ShiftLink variant has sessions, taken in turn.
        const users = Array.from({ length: sizes.small }, (_, i) => {
            const user = model.users.add({ username: `user-${i}` });
            return { id: user.id, dmId: model.rooms.insertRoom({ type: 'd', userIds: [user.id, bot.id].sort(), creatorId: user.id }).id };
        });
        log(`${sizes.warmup} warm-up + ${sizes.latencyMessages} timed DMs`);
        const step = (i: number): Step => {
            const user = users[i % users.length];
            return {
                send: (tag) => engine.sendDirectMessage(user.id, user.dmId, { text: tag }),
                answer: (tag) => (m) => m.room?.id === user.dmId && m.sender?.id === bot.id && m.text === `echo: ${tag}`,
            };
        };
        return measuredAfterWarmup(probe, 'echo', sizes, step);
    });
}
