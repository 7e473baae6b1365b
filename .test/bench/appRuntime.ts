// The app's own Deno process as the benchmark sees it, through the bench-only hook of the host's runtime
// bundle (.test/host/runtime/benchHook.ts; the engine must start with `benchRuntime: true`): the app's
// requests to the host with their timing, and the app process's heap after a forced GC.
import type { Engine } from '../host';
import { round3 } from './probes';

/** One app → host request as the app saw it: method, sent and answered (Deno performance.now(), ms). */
export type Span = [method: string, start: number, end: number];

export interface AppHeap {
    heap_used_mb: number;
    heap_total_mb: number;
    external_mb: number;
    rss_mb: number;
}

interface Controller {
    sendRequest(message: { method: string; params: unknown[] }): Promise<unknown>;
}

export class AppRuntime {
    private readonly controller: Controller;

    constructor(engine: Engine) {
        this.controller = engine.getManager().getOneById(engine.appId).getRuntimeController() as unknown as Controller;
    }

    /** Starts logging the app's requests (clears the log). */
    async record(): Promise<void> {
        await this.request('bench:record', [true]);
    }

    /** The requests logged since the last call, oldest first. */
    async spans(): Promise<Span[]> {
        return (await this.request('bench:spans')) as Span[];
    }

    async heap(): Promise<AppHeap> {
        const usage = (await this.request('bench:heap')) as { heapUsed: number; heapTotal: number; external: number; rss: number };
        const mb = (bytes: number) => round3(bytes / (1024 * 1024));
        return {
            heap_used_mb: mb(usage.heapUsed),
            heap_total_mb: mb(usage.heapTotal),
            external_mb: mb(usage.external),
            rss_mb: mb(usage.rss),
        };
    }

    private async request(method: string, params: unknown[] = []): Promise<unknown> {
        const result = await this.controller.sendRequest({ method, params });
        const failure = (result as { error?: string } | null)?.error;
        if (failure) {
            throw new Error(`app runtime: ${failure}`);
        }
        return result;
    }
}

/**
 * App → host calls in sequence: the most requests that can be lined up one after another with no overlap
 * (each sent after the previous one was answered). Requests the app sends together (Promise.all) overlap
 * and count once; a request that waits for another's answer adds one. This is the length of the chain of
 * round trips a message waits for, whatever the total number of calls.
 */
export function sequentialCalls(spans: Span[]): number {
    let chain = 0;
    let lastEnd = -Infinity;
    for (const [, start, end] of [...spans].sort((a, b) => a[2] - b[2])) {
        if (start >= lastEnd) {
            chain++;
            lastEnd = end;
        }
    }
    return chain;
}
