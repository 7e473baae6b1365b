// How much the benchmark does: the full run (issue #6's session counts) and the --quick smoke run.
export interface Sizes {
    /** Open sessions of the small scene (latency, bridge calls, heap reference). */
    small: number;
    /** Open sessions of the large scene. */
    large: number;
    /** Of the large scene: opened through the app as real first messages (they also form the idle-close cohort). */
    openedThroughApp: number;
    /** First messages sent at once while opening through the app. */
    openBatch: number;
    /** Agent closes issued at once while closing the seeded sessions. */
    closeBatch: number;
    /** Timed messages per direction (and for the echo baseline), after `warmup` untimed ones. */
    latencyMessages: number;
    warmup: number;
    /** Messages per kind of unrelated traffic. */
    unrelatedMessages: number;
    /** Online agents in the department (round-robin routing). */
    agents: number;
}

export const FULL: Sizes = {
    small: 10,
    large: 10_000,
    openedThroughApp: 1_000,
    openBatch: 50,
    closeBatch: 250,
    latencyMessages: 300,
    warmup: 40,
    unrelatedMessages: 50,
    agents: 20,
};

export const QUICK: Sizes = {
    small: 3,
    large: 60,
    openedThroughApp: 20,
    openBatch: 10,
    closeBatch: 20,
    latencyMessages: 12,
    warmup: 4,
    unrelatedMessages: 4,
    agents: 3,
};
