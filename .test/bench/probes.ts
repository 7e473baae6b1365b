// Measuring instruments of the benchmark: precise waits on the model's message store, latency statistics,
// bridge-call deltas from the host's counters and a count of the app runtime's round trips.
import * as fs from 'fs';
import { performance } from 'perf_hooks';

import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import type { BridgeCategory, Engine, ServerModel } from '../host';

/** Resolves with the `performance.now()` at which the first stored message matching `match` landed. */
export function messageLanded(model: ServerModel, match: (message: IMessage) => boolean, timeoutMs = 30_000): Promise<number> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
            off();
            reject(new Error(`no matching message within ${timeoutMs} ms`));
        }, timeoutMs);
        const off = model.rooms.onMessage((message) => {
            if (match(message)) {
                const at = performance.now();
                off();
                clearTimeout(timer);
                resolve(at);
            }
        });
    });
}

/**
 * Counts stored messages matching `match`; `done` resolves with the time the `expected`-th one landed.
 * `stop` unsubscribes early (then `done` never settles).
 */
export function messagesLanded(
    model: ServerModel,
    expected: number,
    match: (message: IMessage) => boolean,
    timeoutMs = 120_000,
): { done: Promise<number>; seen: () => number; stop: () => void } {
    let seen = 0;
    let off: () => void = () => undefined;
    let timer: NodeJS.Timeout | undefined;
    const done = new Promise<number>((resolve, reject) => {
        if (expected <= 0) {
            resolve(performance.now());
            return;
        }
        timer = setTimeout(() => {
            off();
            reject(new Error(`only ${seen} of ${expected} expected messages within ${timeoutMs} ms`));
        }, timeoutMs);
        off = model.rooms.onMessage((message) => {
            if (match(message) && ++seen === expected) {
                const at = performance.now();
                off();
                clearTimeout(timer);
                resolve(at);
            }
        });
    });
    const stop = () => {
        off();
        clearTimeout(timer);
    };
    return { done, seen: () => seen, stop };
}

export interface LatencyStats {
    n: number;
    p50_ms: number;
    p95_ms: number;
    mean_ms: number;
    max_ms: number;
}

export function percentile(sorted: number[], p: number): number {
    if (sorted.length === 0) {
        return NaN;
    }
    // Nearest-rank percentile.
    const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
    return sorted[rank - 1];
}

export function latencyStats(samples: number[]): LatencyStats {
    const sorted = [...samples].sort((a, b) => a - b);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    return {
        n: sorted.length,
        p50_ms: round(percentile(sorted, 50)),
        p95_ms: round(percentile(sorted, 95)),
        mean_ms: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
        max_ms: round(sorted[sorted.length - 1] ?? NaN),
    };
}

/** The split the issue asks for; `other` collects whatever does not fit (none expected on these paths). */
export interface BridgeSplit {
    total: number;
    persistence_reads: number;
    persistence_writes: number;
    scheduler: number;
    message_room_livechat: number;
    user: number;
    other: number;
    /** Mean calls per message by bridge method (`Bridge.method`). */
    by_call: Record<string, number>;
}

type Snapshot = ReturnType<ServerModel['counters']['snapshot']>;

/** Bridge calls made between two snapshots, divided by `per` (messages). */
export function bridgeDelta(before: Snapshot, after: Snapshot, per = 1): BridgeSplit {
    const cat = (c: BridgeCategory) => (after.byCategory[c] - before.byCategory[c]) / per;
    const byCall: Record<string, number> = {};
    for (const [call, count] of Object.entries(after.byCall)) {
        const delta = (count - (before.byCall[call] || 0)) / per;
        if (delta) {
            byCall[call] = round3(delta);
        }
    }
    return {
        total: round3((after.total - before.total) / per),
        persistence_reads: round3(cat('persistenceRead')),
        persistence_writes: round3(cat('persistenceWrite')),
        scheduler: round3(cat('scheduler')),
        message_room_livechat: round3(cat('message') + cat('room') + cat('livechat')),
        user: round3(cat('user')),
        other: round3(cat('other')),
        by_call: byCall,
    };
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** The median (mean of the two middle values for an even count); NaN when empty. */
export function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The field-by-field mean of objects of numbers (nested), e.g. per-message bridge splits of several loops. */
export function meanOf<T>(items: T[]): T {
    const keys = new Set(items.flatMap((item) => Object.keys(item as object)));
    const mean: Record<string, unknown> = {};
    for (const key of keys) {
        const values = items.map((item) => (item as Record<string, unknown>)[key]);
        mean[key] = values.some((v) => v && typeof v === 'object')
            ? meanOf(values.map((v) => v ?? {}))
            : round3(values.reduce<number>((a, v) => a + (Number(v) || 0), 0) / items.length);
    }
    return mean as T;
}

interface RuntimeControllerLike {
    sendRequest: (...args: unknown[]) => Promise<unknown>;
    handleIncomingMessage: (message: { payload: { method: string } }) => Promise<void>;
    deno?: { pid?: number };
}

/**
 * Counts the messages between the host and the app's Deno process: requests the engine sends the app
 * (events, checks, jobs) and requests the app sends back (bridge calls and accessor calls such as setting
 * reads, which are no bridge call but cost the same round trip). Diagnostics for latency, not a target.
 */
export class RoundTrips {
    private toApp = new Map<string, number>();
    private fromApp = new Map<string, number>();
    /** When each request to the app was sent (performance.now()), since the last takeSent(). */
    private sent: number[] = [];
    readonly denoPid?: number;

    constructor(engine: Engine) {
        const app = engine.getManager().getOneById(engine.appId);
        const controller = app.getRuntimeController() as unknown as RuntimeControllerLike;
        this.denoPid = controller.deno?.pid;
        const send = controller.sendRequest.bind(controller);
        controller.sendRequest = (...args: unknown[]) => {
            const method = (args[0] as { method?: string })?.method || '?';
            // The benchmark's own questions to the runtime (AppRuntime) are no traffic of the app.
            if (!method.startsWith('bench:')) {
                this.toApp.set(method, (this.toApp.get(method) || 0) + 1);
                this.sent.push(performance.now());
            }
            return send(...args);
        };
        const incoming = controller.handleIncomingMessage.bind(controller);
        controller.handleIncomingMessage = (message) => {
            const method = message?.payload?.method || '?';
            this.fromApp.set(method, (this.fromApp.get(method) || 0) + 1);
            return incoming(message);
        };
    }

    /** The send times of the requests to the app since the last call (the engine awaits each event call in turn). */
    takeSent(): number[] {
        const taken = this.sent;
        this.sent = [];
        return taken;
    }

    snapshot(): { toApp: Record<string, number>; fromApp: Record<string, number> } {
        return { toApp: Object.fromEntries(this.toApp), fromApp: Object.fromEntries(this.fromApp) };
    }

    /** Mean round trips per message between two snapshots, by direction and method. */
    static delta(
        before: ReturnType<RoundTrips['snapshot']>,
        after: ReturnType<RoundTrips['snapshot']>,
        per = 1,
    ): { to_app: number; from_app: number; methods: Record<string, number> } {
        const diff = (a: Record<string, number>, b: Record<string, number>, prefix: string, into: Record<string, number>) => {
            let sum = 0;
            for (const [method, count] of Object.entries(b)) {
                const d = count - (a[method] || 0);
                if (d) {
                    into[`${prefix}${method}`] = round3(d / per);
                    sum += d;
                }
            }
            return round3(sum / per);
        };
        const methods: Record<string, number> = {};
        const to_app = diff(before.toApp, after.toApp, 'host→app ', methods);
        const from_app = diff(before.fromApp, after.fromApp, 'app→host ', methods);
        return { to_app, from_app, methods };
    }
}

/** Resident memory of a process in MB (Linux /proc), for the app's Deno process; undefined elsewhere. */
export function rssMb(pid: number | undefined): number | undefined {
    if (!pid) {
        return undefined;
    }
    try {
        const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
        const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
        return Number.isFinite(kb) ? round3(kb / 1024) : undefined;
    } catch {
        return undefined;
    }
}
