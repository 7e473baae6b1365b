import type { ServerModel } from './ServerModel';

/** The stores an engine reaches through its bridges and storages; the rest of the model is for tests. */
export const PORTED_STORES = [
    'users',
    'rooms',
    'livechat',
    'persistence',
    'scheduler',
    'notifications',
    'logs',
    'apps',
    'serverSettings',
    'counters',
    'events',
    'server',
    'roles',
] as const;

export type PortedStore = (typeof PORTED_STORES)[number];

type Method = (...args: never[]) => unknown;
type AsyncMethods<T> = {
    [K in keyof T as T[K] extends Method ? K : never]: T[K] extends (...args: infer A) => infer R
        ? (...args: A) => Promise<Awaited<R>>
        : never;
};

/**
 * The model as an engine sees it: every call is async, so the same bridges work over the model in this
 * process (localPort) and over IPC from a second engine process (remote/childPort.ts).
 */
export type ModelPort = { [K in PortedStore]: AsyncMethods<ServerModel[K]> };

/** Runs one ported call on the model (also the parent's side of the IPC protocol). */
export function invokeModel(model: ServerModel, store: string, method: string, args: unknown[]): unknown {
    if (!(PORTED_STORES as readonly string[]).includes(store)) {
        throw new Error(`Unknown model store: ${store}`);
    }
    const target = model[store as PortedStore] as unknown as Record<string, unknown>;
    const fn = target[method];
    if (typeof fn !== 'function') {
        throw new Error(`Unknown model method: ${store}.${method}`);
    }
    try {
        return fn.apply(target, args);
    } finally {
        model.calls.notify(store, method);
    }
}

/** Builds a port whose calls go through `call(store, method, args)`. */
export function makePort(call: (store: string, method: string, args: unknown[]) => Promise<unknown>): ModelPort {
    const port: Record<string, unknown> = {};
    for (const store of PORTED_STORES) {
        port[store] = new Proxy(
            {},
            { get: (_, method) => (typeof method === 'string' ? (...args: unknown[]) => call(store, method, args) : undefined) },
        );
    }
    return port as ModelPort;
}

export function localPort(model: ServerModel): ModelPort {
    return makePort(async (store, method, args) => invokeModel(model, store, method, args));
}
