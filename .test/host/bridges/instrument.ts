import type { BridgeCategory } from '../model/counters';

export interface BridgeHooks {
    /** Counts one bridge call (into the model's counters). */
    count(category: BridgeCategory, call: string): void;
    /** Marks the call as in-flight work of the engine until it settles (Engine.idle). */
    track<T>(work: Promise<T>): Promise<T>;
}

type AnyClass<T> = abstract new (...args: never[]) => T;

/**
 * Instantiates a bridge for the engine. `Host` implements what the model supports; it may be declared
 * abstract and leave the rest of the engine's abstract methods out: those throw `not modelled: X.m`.
 * Every implemented (or missing) method call is counted and tracked; the engine's own `doX` wrappers,
 * which check the app's permissions first, are left alone.
 */
export function makeBridge<T extends object>(
    name: string,
    engineBase: AnyClass<object>,
    Host: AnyClass<T>,
    args: unknown[],
    category: (method: string) => BridgeCategory,
    hooks: BridgeHooks,
): T {
    const instance = new (Host as unknown as new (...a: unknown[]) => T)(...args);
    const hostMethods = new Set<string>();
    for (let proto = Object.getPrototypeOf(instance); proto && proto !== engineBase.prototype; proto = Object.getPrototypeOf(proto)) {
        Object.getOwnPropertyNames(proto)
            .filter((m) => m !== 'constructor' && typeof proto[m] === 'function')
            .forEach((m) => hostMethods.add(m));
    }
    const wrapped = new Map<string, (...a: unknown[]) => unknown>();
    const wrap = (method: string, fn: (...a: unknown[]) => unknown) => {
        const call = `${name}.${method}`;
        return function (this: unknown, ...a: unknown[]) {
            hooks.count(category(method), call);
            // Sync bridge methods stay sync (the engine calls a few without awaiting).
            const result = fn.apply(this, a);
            return result instanceof Promise ? hooks.track(result) : result;
        };
    };
    return new Proxy(instance, {
        get(target, prop, receiver) {
            if (typeof prop !== 'string' || prop === 'then' || (prop in target && !hostMethods.has(prop))) {
                return Reflect.get(target, prop, receiver);
            }
            if (!wrapped.has(prop)) {
                const own = Reflect.get(target, prop, receiver) as ((...a: unknown[]) => unknown) | undefined;
                const fn =
                    own ??
                    (() => {
                        throw new Error(`not modelled: ${name}.${prop}`);
                    });
                wrapped.set(prop, wrap(prop, fn));
            }
            return wrapped.get(prop);
        },
    });
}

/** For the few bridges whose methods are all in one category. */
export const always = (category: BridgeCategory) => (): BridgeCategory => category;
