// Host heap after a forced GC, with and without the modelled database.
//
// The model keeps in this process what Rocket.Chat keeps in MongoDB (users, rooms, messages, visitors, the
// app's persistence records and their indexes) and instrumentation RC does not have at all (the host's
// event journal, app logs and notifications kept for tests). Those grow with every session by design, so
// "no growth per closed session" is judged on the heap without them: the database is moved off the V8
// heap (serialized into a Buffer) while measuring and put back afterwards; the journals are dropped (the
// benchmark never reads them). The heap with the database is reported too.
import * as v8 from 'v8';

import type { ServerModel } from '../host';
import { round3 } from './probes';

export interface HeapFigures {
    /** heapUsed after GC, everything included (MB). */
    total_mb: number;
    /** heapUsed after GC with the modelled database off-heap and the host's journals dropped (MB). */
    without_database_mb: number;
    /**
     * The same heap from a heap snapshot: JavaScript values (objects, arrays, closures, strings, ...) that
     * are alive, and bytes per snapshot node kind (V8's own: 'object shape' = hidden classes and their
     * lists, 'code', 'hidden'...; memory outside the V8 heap left out). A leak per closed session shows as
     * a growing JS value count.
     */
    js_values: number;
    bytes_by_kind: Record<string, number>;
}

// Snapshot node kinds that are JavaScript values (the rest is V8's own bookkeeping).
const JS_KINDS = new Set(['object', 'array', 'closure', 'string', 'concatenated string', 'sliced string', 'regexp', 'number', 'symbol', 'bigint']);

/** Counts live heap nodes by kind from a V8 heap snapshot of this process. */
async function snapshotCensus(): Promise<{ js_values: number; bytes_by_kind: Record<string, number> }> {
    const chunks: string[] = [];
    for await (const chunk of v8.getHeapSnapshot()) {
        chunks.push(String(chunk));
    }
    const snapshot = JSON.parse(chunks.join('')) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]] } }; nodes: number[] };
    const { node_fields: fields, node_types: [kinds] } = snapshot.snapshot.meta;
    const typeAt = fields.indexOf('type');
    const sizeAt = fields.indexOf('self_size');
    let jsValues = 0;
    const bytes: Record<string, number> = {};
    for (let i = 0; i < snapshot.nodes.length; i += fields.length) {
        const kind = kinds[snapshot.nodes[i + typeAt]];
        if (kind === 'native' || kind === 'synthetic') {
            continue; // outside the V8 heap (e.g. the archived database's buffers) or no memory at all
        }
        bytes[kind] = (bytes[kind] || 0) + snapshot.nodes[i + sizeAt];
        if (JS_KINDS.has(kind)) {
            jsValues++;
        }
    }
    return { js_values: jsValues, bytes_by_kind: bytes };
}

type Store = Map<unknown, unknown> | unknown[];

function forceGc(): void {
    const gc = (global as { gc?: () => void }).gc;
    if (!gc) {
        throw new Error('heap figures need node --expose-gc (bench.ts runs the scale phase with it)');
    }
    for (let i = 0; i < 4; i++) {
        gc();
    }
}

const heapMb = (): number => round3(process.memoryUsage().heapUsed / (1024 * 1024));

/** Field access into the model's stores (private fields included: this is measurement, not use). */
function field(owner: object, name: string): Store {
    const value = (owner as Record<string, unknown>)[name];
    if (!(value instanceof Map) && !Array.isArray(value)) {
        throw new Error(`model store field ${name} is not a Map or array`);
    }
    return value;
}

/**
 * Empties the host's own journals (event journal, app logs, notifications), which RC does not keep in
 * memory: the benchmark never reads them, and at 10,000 sessions they would hold hundreds of MB of copies
 * and make the host's GC, not the app, set the latency.
 */
export function dropJournals(model: ServerModel): void {
    for (const [owner, name] of [
        [model.events, 'events'],
        [model.logs, 'entries'],
        [model.notifications, 'items'],
    ] as const) {
        (field(owner, name) as unknown[]).splice(0);
    }
}

export async function measureHeap(model: ServerModel): Promise<HeapFigures> {
    forceGc();
    const total = heapMb();
    dropJournals(model);

    // What RC keeps in MongoDB: off-heap while measuring, then restored in place.
    const collections = model.collections as unknown as Record<string, unknown>;
    const database: Store[] = [
        field(collections, 'users'),
        field(collections, 'rooms'),
        field(collections, 'messages'),
        field(collections, 'roomMessageIds'),
        field(collections, 'visitors'),
        field(model.livechat, 'visitorIdsByToken'),
        field(model.persistence, 'records'),
        field(model.persistence, 'index'),
    ];
    const archived = database.map((store) => {
        const buffer = v8.serialize(store instanceof Map ? [...store.entries()] : [...store]);
        if (store instanceof Map) {
            store.clear();
        } else {
            store.splice(0);
        }
        return buffer;
    });
    forceGc();
    const withoutDatabase = heapMb();
    const census = await snapshotCensus();
    database.forEach((store, i) => {
        const content = v8.deserialize(archived[i] as unknown as Uint8Array) as unknown[];
        if (store instanceof Map) {
            (content as Array<[unknown, unknown]>).forEach(([k, v]) => store.set(k, v));
        } else {
            content.forEach((item) => store.push(item));
        }
    });
    return { total_mb: total, without_database_mb: withoutDatabase, ...census };
}
