import * as crypto from 'crypto';

import type { IOnetimeSchedule, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';

import type { VirtualClock } from './clock';

export interface Job {
    id: string;
    /** `<processor id>_<appId>`, as the engine names processors (Agenda's job name in RC). */
    processorId: string;
    appId: string;
    when: Date;
    data?: object;
    /** Recurring jobs only: ms between runs. */
    intervalMs?: number;
}

/** How a run ended on an instance: `failed` when the processor threw (Agenda then never runs that job again). */
export type JobOutcome = 'done' | 'failed';

/** A server instance's Agenda: the processors it defined, and running one job there. */
export interface JobRunner {
    /** Processor ids (`<id>_<appId>`) defined on this instance. */
    processorIds(): Promise<string[]>;
    run(job: Job): Promise<JobOutcome>;
}

/** Knobs of the modelled Agenda (RC's scheduler bridge constructs it with `defaultConcurrency: 1`). */
export interface SchedulerTiming {
    /** Agenda's processEvery (RC keeps Agenda's 5 s default): real-time polls for due jobs between advances. */
    pollMs: number;
    /** Per instance, jobs of one processor running at once (RC: `defaultConcurrency: 1`). */
    concurrencyPerProcessor: number;
}

/** Decides whether a scheduleOnce call fails (as Agenda's save does when MongoDB refuses); see failScheduling. */
export type ScheduleFailure = (appId: string, schedule: IOnetimeSchedule | IRecurringSchedule) => boolean;

const UNITS: Record<string, number> = {
    ms: 1,
    millisecond: 1,
    second: 1000,
    minute: 60_000,
    hour: 3_600_000,
    day: 86_400_000,
    week: 604_800_000,
};

/** Agenda accepts a Date or a human interval ('5 minutes', 'in 10 seconds'); numbers are ms. */
export function parseInterval(value: string | number): number {
    if (typeof value === 'number') {
        return value;
    }
    const match = /^\s*(?:in\s+)?(\d+(?:\.\d+)?)\s*(ms|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)\s*$/i.exec(value);
    if (!match) {
        throw new Error(`Unsupported interval: ${value}`);
    }
    return Number(match[1]) * UNITS[match[2].toLowerCase().replace(/s$/, '')];
}

// Job ids are UUIDs here (ObjectIds in RC): the scheduler bridge tells a job id from a processor id by format.
const JOB_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

interface StoredJob extends Job {
    /** Set while an instance runs it (Agenda's lockedAt): not picked again. */
    locked?: boolean;
    /** The processor threw: Agenda set nextRunAt to null, the job stays in the collection and never runs again. */
    failed?: boolean;
}

/**
 * RC's scheduler: Agenda (packages/agenda) over MongoDB, driven by RC's scheduler bridge
 * (apps/meteor/app/apps/server/bridges/scheduler.ts). Jobs live in the model, so they survive restarts.
 *
 * Running: each engine registers as a runner (an Agenda instance). Due jobs run when the virtual clock
 * advances (at each job's own time) and on a real-time poll every `timing.pollMs` (Agenda's processEvery).
 * A poll locks every due job of every processor the scanning instance defines; the scanning instance
 * rotates between polls, so jobs run on either instance. Jobs run concurrently, except that one instance
 * runs at most `concurrencyPerProcessor` (RC: 1) jobs of one processor at a time. A job whose processor no
 * instance defines stays pending and runs at a later poll once one defines it. A one-time job is removed
 * after its processor resolved (RC's `_callProcessor`); when the processor throws it stays, failed.
 */
export class SchedulerStore {
    readonly timing: SchedulerTiming = { pollMs: 5000, concurrencyPerProcessor: 1 };
    private readonly jobs = new Map<string, StoredJob>();
    private readonly runners: JobRunner[] = [];
    private polls = 0;
    private dispatching: Promise<void> = Promise.resolve();
    private poller?: NodeJS.Timeout;
    private failures: ScheduleFailure[] = [];
    private readonly errors: string[] = [];

    constructor(private readonly clock: VirtualClock) {
        clock.setStepper((target) => this.runDue(target));
    }

    /**
     * Makes the next `count` scheduleOnce/scheduleRecurring calls fail (optionally only those `when` matches):
     * RC's bridge logs the error and returns undefined to the app instead of a job id.
     */
    failScheduling(count: number, when: ScheduleFailure = () => true): void {
        let left = count;
        const failure: ScheduleFailure = (appId, schedule) => {
            if (left <= 0 || !when(appId, schedule)) {
                return false;
            }
            left--;
            if (left === 0) {
                this.failures = this.failures.filter((f) => f !== failure);
            }
            return true;
        };
        this.failures.push(failure);
    }

    /** What RC's scheduler bridge logged to the server log (its catch blocks), oldest first. */
    serverErrors(): string[] {
        return [...this.errors];
    }

    /** RC's bridge catches scheduler errors and logs them (`getRocketChatLogger().error(e)`). */
    logError(message: string): void {
        this.errors.push(message);
    }

    /** Every call creates a new job and returns its id (the `id` argument names the processor). */
    scheduleOnce(appId: string, schedule: IOnetimeSchedule): string {
        this.maybeFail(appId, schedule);
        const when = schedule.when instanceof Date ? schedule.when : this.parseWhen(schedule.when);
        return this.insert({ processorId: schedule.id, appId, when, data: schedule.data });
    }

    /** RC schedules a processor's ONETIME startup job only when none of that processor is pending. */
    hasOneTimeJob(processorId: string): boolean {
        return [...this.jobs.values()].some((j) => j.processorId === processorId && !j.intervalMs && !j.failed);
    }

    scheduleRecurring(appId: string, schedule: IRecurringSchedule): string {
        this.maybeFail(appId, schedule);
        const intervalMs = parseInterval(schedule.interval);
        if (!(intervalMs > 0)) {
            throw new Error(`Invalid interval: ${schedule.interval}`);
        }
        const when = new Date(this.clock.nowMs() + (schedule.skipImmediate ? intervalMs : 0));
        return this.insert({ processorId: schedule.id, appId, when, data: schedule.data, intervalMs });
    }

    /**
     * What the engine passes is `<x>_<appId>`. RC's bridge tries the part before '_' as a job id and cancels
     * that one job; otherwise it cancels by name, i.e. every job of the processor.
     */
    cancelJob(name: string): void {
        const candidate = name.split('_')[0];
        if (JOB_ID.test(candidate)) {
            this.jobs.delete(candidate);
            return;
        }
        [...this.jobs.values()].filter((j) => j.processorId === name).forEach((j) => this.jobs.delete(j.id));
    }

    cancelAllJobs(appId: string): void {
        [...this.jobs.values()].filter((j) => j.appId === appId).forEach((j) => this.jobs.delete(j.id));
    }

    /** Jobs that will still run (pending or running), soonest first (optionally of one app). */
    list(appId?: string): Job[] {
        return this.select((j) => !j.failed && (!appId || j.appId === appId));
    }

    /** Jobs whose processor threw: they stay in the collection and never run again. */
    failed(appId?: string): Job[] {
        return this.select((j) => !!j.failed && (!appId || j.appId === appId));
    }

    /** An instance's Agenda joins the cluster; returns its removal. The real-time poll runs while any is there. */
    addRunner(runner: JobRunner): () => void {
        this.runners.push(runner);
        if (!this.poller) {
            this.poller = setInterval(() => void this.runDue(this.clock.nowMs()).catch(() => undefined), this.timing.pollMs);
            this.poller.unref();
        }
        return () => {
            this.runners.splice(this.runners.indexOf(runner), 1);
            if (this.runners.length === 0 && this.poller) {
                clearInterval(this.poller);
                this.poller = undefined;
            }
        };
    }

    /**
     * Runs the jobs due up to `target`, round by round: a round takes the earliest runnable job and locks, on
     * one instance (rotating), every runnable job due within one poll interval of it; they run (concurrently,
     * see the class comment), each at its own time; the next round starts when they have all finished.
     */
    runDue(target: number): Promise<void> {
        const round = this.dispatching.then(() => this.dispatchUntil(target));
        this.dispatching = round.catch(() => undefined);
        return round;
    }

    private async dispatchUntil(target: number): Promise<void> {
        const unrun = new Set<string>(); // tried in this call and not run: left for a later poll
        for (;;) {
            const defined = await Promise.all(this.runners.map(async (runner) => ({ runner, ids: new Set(await runner.processorIds()) })));
            const runnable = [...this.jobs.values()].filter(
                (j) => !j.locked && !j.failed && !unrun.has(j.id) && defined.some((d) => d.ids.has(j.processorId)),
            );
            const next = runnable.sort((a, b) => a.when.getTime() - b.when.getTime())[0];
            if (!next || next.when.getTime() > target) {
                return;
            }
            // Agenda locks the jobs due before its next scan (one poll interval ahead) and starts each at its time.
            const horizon = Math.min(next.when.getTime() + this.timing.pollMs, target);
            const first = this.polls++ % defined.length; // the instance that scans first locks them all
            const order = [...defined.slice(first), ...defined.slice(0, first)];
            const lanes = new Map<string, { runner: JobRunner; jobs: StoredJob[] }>();
            runnable
                .filter((j) => j.when.getTime() <= horizon)
                .forEach((job) => {
                    const index = order.findIndex((d) => d.ids.has(job.processorId));
                    const names = [...Array(this.timing.concurrencyPerProcessor).keys()].map((n) => `${index}:${job.processorId}:${n}`);
                    const lane = names.sort((a, b) => (lanes.get(a)?.jobs.length ?? 0) - (lanes.get(b)?.jobs.length ?? 0))[0];
                    const queue = lanes.get(lane) ?? { runner: order[index].runner, jobs: [] };
                    job.locked = true;
                    queue.jobs.push(job);
                    lanes.set(lane, queue);
                });
            // Lanes run at once; within a lane one job after the other. The clock jumps to each job's time as
            // it starts (time that passes for the jobs already running, as it would on a server).
            await Promise.all(
                [...lanes.values()].map(async ({ runner, jobs }) => {
                    for (const job of jobs) {
                        this.clock.moveTo(job.when.getTime());
                        if ((await this.runOne(runner, job)) === 'unrun') {
                            unrun.add(job.id);
                        }
                    }
                }),
            );
        }
    }

    private async runOne(runner: JobRunner, job: StoredJob): Promise<JobOutcome | 'unrun'> {
        // The instance could not run it at all (processor gone, instance stopping): Agenda's lock expires and
        // the job is picked up again, so it stays pending here.
        let outcome: JobOutcome | 'unrun' = 'unrun';
        try {
            outcome = await runner.run(
                structuredClone({
                    id: job.id,
                    processorId: job.processorId,
                    appId: job.appId,
                    when: job.when,
                    data: job.data,
                    intervalMs: job.intervalMs,
                }),
            );
        } catch (e) {
            this.logError(`job ${job.id} (${job.processorId}) could not run: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
            const stored = this.jobs.get(job.id);
            if (stored) {
                stored.locked = false;
                if (outcome === 'unrun') {
                    // stays pending
                } else if (stored.intervalMs) {
                    stored.when = new Date(Math.max(stored.when.getTime() + stored.intervalMs, this.clock.nowMs()));
                } else if (outcome === 'failed') {
                    stored.failed = true;
                } else {
                    this.jobs.delete(job.id);
                }
            }
        }
        return outcome;
    }

    private maybeFail(appId: string, schedule: IOnetimeSchedule | IRecurringSchedule): void {
        if (this.failures.some((fail) => fail(appId, schedule))) {
            throw new Error('MongoServerError: injected scheduler failure (host failScheduling)');
        }
    }

    private select(filter: (job: StoredJob) => boolean): Job[] {
        return [...this.jobs.values()]
            .filter(filter)
            .sort((a, b) => a.when.getTime() - b.when.getTime())
            .map(({ id, processorId, appId, when, data, intervalMs }) =>
                structuredClone({ id, processorId, appId, when, data, ...(intervalMs && { intervalMs }) }),
            );
    }

    private insert(job: Omit<Job, 'id'>): string {
        const id = crypto.randomUUID();
        this.jobs.set(id, { ...structuredClone(job), id });
        return id;
    }

    private parseWhen(when: string): Date {
        const asDate = Date.parse(when);
        return Number.isNaN(asDate) ? new Date(this.clock.nowMs() + parseInterval(when)) : new Date(asDate);
    }
}
