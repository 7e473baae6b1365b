// Runs inside the Deno process (bundled into the engine's runtime by bundleDenoRuntime.ts), for the
// benchmark only: main.ts routes `bench:*` requests here when the runtime was started with gc() exposed
// (Engine.start({ benchRuntime: true })); any other runtime answers them "method not found".
// - bench:record [on]: start (clearing) or stop the log of the app's requests to the host;
// - bench:spans: the logged requests, [method, start, end] in this process's performance.now() ms, cleared;
// - bench:heap: Deno.memoryUsage() after forced full collections.
declare const performance: { now(): number };
declare const Deno: { memoryUsage(): { rss: number; heapTotal: number; heapUsed: number; external: number } };

type Span = [method: string, start: number, end: number];

let recording = false;
let spans: Span[] = [];

/** Wraps the runtime's Messenger.sendRequest: every app → host request, timed from send to response. */
export async function recordRequest<T>(method: string, send: () => Promise<T>): Promise<T> {
    if (!recording) {
        return send();
    }
    const start = performance.now();
    try {
        return await send();
    } finally {
        spans.push([method, start, performance.now()]);
    }
}

export function benchAvailable(): boolean {
    return typeof (globalThis as { gc?: unknown }).gc === 'function';
}

export async function benchHandler(request: { method: string; params?: unknown }): Promise<unknown> {
    switch (request.method) {
        case 'bench:record':
            recording = Array.isArray(request.params) ? Boolean(request.params[0]) : true;
            spans = [];
            return recording;
        case 'bench:spans': {
            const taken = spans;
            spans = [];
            return taken;
        }
        case 'bench:heap': {
            const gc = (globalThis as unknown as { gc: () => void }).gc;
            // Several passes with a turn of the event loop between them: weak references and finalizers
            // released by one collection are reclaimed by the next.
            for (let i = 0; i < 4; i++) {
                gc();
                await new Promise((resolve) => setTimeout(resolve, 0));
            }
            return Deno.memoryUsage();
        }
        default:
            return { error: `unknown bench request ${request.method}` };
    }
}
