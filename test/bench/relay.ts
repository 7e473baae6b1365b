// Timed message loops: one message at a time, from the user action to the answer landing in the model,
// then the engine drained (so the next message starts from an idle server and the bridge calls of each
// message, cascades included, are attributed to it).
import { performance } from 'perf_hooks';

import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import type { Engine, ServerModel } from '../host';
import type { BridgeSplit } from './probes';
import { bridgeDelta, messageLanded, RoundTrips } from './probes';

export interface Step {
    /** The user action (a send); resolves when the server stored the message and fired the event. */
    send: (tag: string) => Promise<unknown>;
    /** The answer that ends the measurement (the relayed/echoed message, carrying `tag`). */
    answer: (tag: string) => (message: IMessage) => boolean;
}

export interface LoopResult {
    /** Per-message latency (ms), warm-up excluded. */
    latencies: number[];
    bridge: BridgeSplit;
    round_trips: ReturnType<typeof RoundTrips.delta>;
}

/** Half a second of real time with nothing to do: the processes' idle-time GC settles a preceding burst. */
const SETTLE_MS = 500;

/**
 * Runs `warmup + count` messages; `pick(i)` gives the step for message i. Latency: performance.now()
 * before the send until the matching message is stored (hook on the model's message store). Bridge
 * calls and runtime round trips are counted over the measured messages only. Starts from an idle,
 * settled server (steady state, not the aftermath of opening a thousand sessions).
 */
export async function timedLoop(model: ServerModel, engine: Engine, trips: RoundTrips, label: string, warmup: number, count: number, pick: (i: number) => Step): Promise<LoopResult> {
    await engine.idle(60_000);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const latencies: number[] = [];
    let counters = model.counters.snapshot();
    let roundTrips = trips.snapshot();
    for (let i = 0; i < warmup + count; i++) {
        if (i === warmup) {
            counters = model.counters.snapshot();
            roundTrips = trips.snapshot();
        }
        const step = pick(i);
        const tag = `${label}-${i}`;
        const landed = messageLanded(model, step.answer(tag), 10_000);
        const start = performance.now();
        await step.send(tag);
        const end = await landed;
        await engine.idle(30_000);
        if (i >= warmup) {
            latencies.push(end - start);
        }
    }
    return {
        latencies,
        bridge: bridgeDelta(counters, model.counters.snapshot(), count),
        round_trips: RoundTrips.delta(roundTrips, trips.snapshot(), count),
    };
}

/** Bridge calls (and round trips) caused by `count` messages that expect no answer. */
export async function untimedLoop(model: ServerModel, engine: Engine, trips: RoundTrips, count: number, send: (i: number) => Promise<unknown>): Promise<Omit<LoopResult, 'latencies'>> {
    await engine.idle(30_000);
    const counters = model.counters.snapshot();
    const roundTrips = trips.snapshot();
    for (let i = 0; i < count; i++) {
        await send(i);
        await engine.idle(30_000);
    }
    return { bridge: bridgeDelta(counters, model.counters.snapshot(), count), round_trips: RoundTrips.delta(roundTrips, trips.snapshot(), count) };
}
