// Timed message loops: one message at a time, from the user action to the answer landing in the model,
// then the engine drained (so the next message starts from an idle server and the bridge calls of each
// message, cascades included, are attributed to it). After each message the app's own log of its requests
// to the host (AppRuntime) gives how many calls it made and how many of them were in sequence.
import { performance } from 'perf_hooks';

import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import type { Engine, ServerModel } from '../host';
import type { AppRuntime, Span } from './appRuntime';
import { sequentialCalls } from './appRuntime';
import type { BridgeSplit } from './probes';
import { bridgeDelta, messageLanded, RoundTrips } from './probes';

export interface Step {
    /** The user action (a send); resolves when the server stored the message and fired the event. */
    send: (tag: string) => Promise<unknown>;
    /** The answer that ends the measurement (the relayed/echoed message, carrying `tag`). */
    answer: (tag: string) => (message: IMessage) => boolean;
}

/** What one measured message cost the app. */
export interface MessageCost {
    /** App → host requests (bridge calls and accessor calls such as setting reads). */
    app_requests: number;
    /** Of those, in sequence (see sequentialCalls). */
    sequential: number;
    /** The requests by method, in the order they were answered. */
    methods: string[];
    /** Requests the engine sent the app for this message before the answer was stored (events it awaits in turn). */
    host_to_app_before_answer: number;
    /** The requests in stages: those sent together joined by ' + ', stages by ' → ' (short method names). */
    shape: string;
}

export interface LoopResult {
    /** Per-message latency (ms), warm-up excluded. */
    latencies: number[];
    costs: MessageCost[];
    bridge: BridgeSplit;
    round_trips: ReturnType<typeof RoundTrips.delta>;
}

/** The instruments of one engine: its model, the host's counters, the runtime's round trips, the app's own log. */
export interface Probe {
    model: ServerModel;
    engine: Engine;
    trips: RoundTrips;
    runtime: AppRuntime;
}

/** Half a second of real time with nothing to do: the processes' idle-time GC settles a preceding burst. */
const SETTLE_MS = 500;

function cost(spans: Span[], hostToApp = 0): MessageCost {
    return {
        app_requests: spans.length,
        sequential: sequentialCalls(spans),
        host_to_app_before_answer: hostToApp,
        methods: spans.map(([method]) => method),
        shape: shapeOf(spans),
    };
}

/** 'bridges:getPersistenceBridge:doReadByAssociations' → 'Persistence.readByAssociations'; accessors keep their last two steps. */
export function shortMethod(method: string): string {
    const bridge = /^bridges:get(\w+?)Bridge:do(\w+)$/.exec(method);
    if (bridge) {
        return `${bridge[1]}.${bridge[2].charAt(0).toLowerCase()}${bridge[2].slice(1)}`;
    }
    return method.split(':').slice(-2).join('.');
}

/** Requests grouped into stages: a request sent before every request of the current stage was answered joins it. */
function shapeOf(spans: Span[]): string {
    const stages: Array<{ names: string[]; end: number }> = [];
    for (const [method, start, end] of [...spans].sort((a, b) => a[1] - b[1])) {
        const current = stages[stages.length - 1];
        if (current && start < current.end) {
            current.names.push(shortMethod(method));
            current.end = Math.max(current.end, end);
        } else {
            stages.push({ names: [shortMethod(method)], end });
        }
    }
    return stages.map((s) => s.names.join(' + ')).join(' → ') || 'none';
}

/**
 * Runs `warmup + count` messages; `pick(i)` gives the step for message i. Latency: performance.now()
 * before the send until the matching message is stored (hook on the model's message store). Bridge
 * calls, runtime round trips and the app's requests are counted over the measured messages only. Starts
 * from an idle, settled server (steady state, not the aftermath of opening sessions).
 */
export async function timedLoop(
    probe: Probe,
    label: string,
    warmup: number,
    count: number,
    pick: (i: number) => Step,
    settleMs = SETTLE_MS,
): Promise<LoopResult> {
    const { model, engine, trips, runtime } = probe;
    await engine.idle(60_000);
    await new Promise((resolve) => setTimeout(resolve, settleMs));
    await runtime.record();
    const latencies: number[] = [];
    const costs: MessageCost[] = [];
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
        trips.takeSent();
        const start = performance.now();
        await step.send(tag);
        const end = await landed;
        await engine.idle(30_000);
        const hostToApp = trips.takeSent().filter((at) => at >= start && at <= end).length;
        // After the timed span; the bench request crosses no bridge and RoundTrips leaves it out.
        const spans = await runtime.spans();
        if (i >= warmup) {
            latencies.push(end - start);
            costs.push(cost(spans, hostToApp));
        }
    }
    return {
        latencies,
        costs,
        bridge: bridgeDelta(counters, model.counters.snapshot(), count),
        round_trips: RoundTrips.delta(roundTrips, trips.snapshot(), count),
    };
}

/** Bridge calls, round trips and app requests caused by `count` messages that expect no answer. */
export async function untimedLoop(
    probe: Probe,
    count: number,
    send: (i: number) => Promise<unknown>,
): Promise<Omit<LoopResult, 'latencies'>> {
    const { model, engine, trips, runtime } = probe;
    await engine.idle(30_000);
    await runtime.record();
    const counters = model.counters.snapshot();
    const roundTrips = trips.snapshot();
    const costs: MessageCost[] = [];
    for (let i = 0; i < count; i++) {
        await send(i);
        await engine.idle(30_000);
        costs.push(cost(await runtime.spans()));
    }
    return {
        costs,
        bridge: bridgeDelta(counters, model.counters.snapshot(), count),
        round_trips: RoundTrips.delta(roundTrips, trips.snapshot(), count),
    };
}
