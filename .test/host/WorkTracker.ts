/**
 * Counts work in flight (listener deliveries, requests to the Deno process, bridge calls, jobs) so a test
 * can wait until an engine has nothing left to do, instead of sleeping.
 */
export class WorkTracker {
    private inflight = 0;
    private activity = 0;
    private waiters: Array<() => void> = [];

    /** Marks work as in flight until it settles; returns the same promise. */
    track<T>(work: Promise<T>): Promise<T> {
        this.inflight++;
        this.activity++;
        const done = () => {
            this.inflight--;
            this.activity++;
            if (this.inflight === 0) {
                this.waiters.splice(0).forEach((wake) => wake());
            }
        };
        work.then(done, done);
        return work;
    }

    /** Resolves once nothing is in flight and nothing new started over two macrotasks. */
    async idle(timeoutMs: number): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            if (this.inflight > 0) {
                await new Promise<void>((resolve, reject) => {
                    const timer = setTimeout(
                        () => reject(new Error(`Engine not idle after ${timeoutMs} ms (${this.inflight} in flight)`)),
                        Math.max(0, deadline - Date.now()),
                    );
                    this.waiters.push(() => {
                        clearTimeout(timer);
                        resolve();
                    });
                });
                continue;
            }
            // Work chains through promise callbacks (a listener finishing, the next app called): let them run.
            const seen = this.activity;
            await new Promise((resolve) => setImmediate(resolve));
            await new Promise((resolve) => setImmediate(resolve));
            if (this.inflight === 0 && this.activity === seen) {
                return;
            }
        }
    }
}
