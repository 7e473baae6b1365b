/**
 * Runs tasks one after another per key (a rep, a livechat room), in the order they were queued; other
 * keys run in parallel. The engine hands events over without awaiting them, so a rep's burst arrives as
 * concurrent calls: queued on arrival, they run in the order written. In-process only: an ordering aid
 * inside one instance, never state that must survive (the stored records stay the truth).
 */
export class KeyedQueue {
    private readonly tails = new Map<string, Promise<void>>();

    public run<T>(key: string, task: () => Promise<T>): Promise<T> {
        const previous = this.tails.get(key) ?? Promise.resolve();
        const result = previous.then(task);
        // The next task waits for this one however it ends; a failure stays with its own caller.
        const tail = result.then(
            () => undefined,
            () => undefined,
        );
        this.tails.set(key, tail);
        void tail.then(() => {
            if (this.tails.get(key) === tail) {
                this.tails.delete(key);
            }
        });
        return result;
    }

    /** Keys with queued or running work (for tests and leak checks). */
    public get size(): number {
        return this.tails.size;
    }
}
