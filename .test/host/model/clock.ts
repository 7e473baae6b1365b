type Stepper = (target: number) => Promise<void>;

/**
 * The server's virtual clock: real time plus an offset, so time flows normally between steps (the app's
 * `Date` in the Deno process is shifted by the same offset and agrees with it) and `advance` jumps ahead.
 * Advancing runs the jobs that come due, each at its own `when` (see SchedulerStore.runDue).
 */
export class VirtualClock {
    private offset = 0;
    private readonly offsetListeners = new Set<(offsetMs: number) => void>();
    private stepper: Stepper = async () => undefined;

    now(): Date {
        return new Date(this.nowMs());
    }

    nowMs(): number {
        return Date.now() + this.offset;
    }

    getOffset(): number {
        return this.offset;
    }

    /** Moves the clock forward by `ms`, running every job due on the way; resolves when they have run. */
    async advance(ms: number): Promise<void> {
        if (ms < 0) {
            throw new Error('The clock only moves forward');
        }
        const target = this.nowMs() + ms;
        await this.stepper(target);
        this.moveTo(target);
    }

    /** Sets the clock to `ms` (virtual epoch ms) if that is ahead of now; used to run a job at its own time. */
    moveTo(ms: number): void {
        const delta = ms - this.nowMs();
        if (delta > 0) {
            this.offset += delta;
            this.offsetListeners.forEach((listener) => listener(this.offset));
        }
    }

    /** Called synchronously whenever the offset changes (engines mirror it into their Deno runtimes). */
    onOffsetChange(listener: (offsetMs: number) => void): () => void {
        this.offsetListeners.add(listener);
        return () => this.offsetListeners.delete(listener);
    }

    setStepper(stepper: Stepper): void {
        this.stepper = stepper;
    }
}
