// How much the benchmark does: the full run (the figures of record) and the --quick smoke run.
export interface Sizes {
    /** Interleaved rounds; each runs every variant (floor echo, rep→manager, manager→rep) in a fresh process. */
    rounds: number;
    /** Timed messages per variant process, after `warmup` untimed ones. */
    latencyMessages: number;
    warmup: number;
    /** Open sessions of the small state (and of each rep→manager / manager→rep variant process). */
    small: number;
    /** Open sessions of the large state of the scale process. */
    large: number;
    /** Scale process: rounds alternating the small and the large state. */
    scaleRounds: number;
    /** Per round, state and direction: timed messages through sessions the app has relayed for (hit)... */
    scaleHits: number;
    /** ...and through sessions it has never handled in this process (miss: opened by another instance). */
    scaleMisses: number;
    /** Per direction: messages timed right after a setting change (the app's settings cache was invalidated). */
    settingMisses: number;
    /** Messages per kind of traffic that is not ShiftLink's. */
    unrelatedMessages: number;
    /** Online agents in the department (round-robin routing). */
    agents: number;
}

export const FULL: Sizes = {
    rounds: 5,
    latencyMessages: 120,
    warmup: 15,
    small: 10,
    large: 10_000,
    scaleRounds: 5,
    scaleHits: 30,
    scaleMisses: 20,
    settingMisses: 10,
    unrelatedMessages: 40,
    agents: 20,
};

export const QUICK: Sizes = {
    rounds: 2,
    latencyMessages: 12,
    warmup: 4,
    small: 3,
    large: 60,
    scaleRounds: 2,
    scaleHits: 4,
    scaleMisses: 2,
    settingMisses: 2,
    unrelatedMessages: 3,
    agents: 3,
};

/**
 * The modelled MongoDB round trip the host waits where RC makes two calls in a row (e.g. a message with an
 * id the app chose: the exists-check, then the insert). Every other modelled database call costs nothing,
 * so this wait lands on some paths only; `--db-round-trip-ms N` sets it (both stores) to study its weight.
 */
export function dbRoundTripMs(args: string[]): number | undefined {
    const at = args.indexOf('--db-round-trip-ms');
    return at >= 0 ? Number(args[at + 1]) : undefined;
}
