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

/** Runs one job on an engine; resolves when the processor finished (or was skipped). */
export type JobRunner = (job: Job) => Promise<void>;

const UNITS: Record<string, number> = { ms: 1, millisecond: 1, second: 1000, minute: 60_000, hour: 3_600_000, day: 86_400_000, week: 604_800_000 };

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

/**
 * RC's scheduler (Agenda on MongoDB). Jobs live in the model, so they survive an engine restart; they run
 * only when the virtual clock is advanced, on the engine registered as runner (one per cluster).
 */
export class SchedulerStore {
    private readonly jobs = new Map<string, Job>();
    private runner?: JobRunner;

    constructor(private readonly clock: VirtualClock) {
        clock.setStepper((target) => this.runDue(target));
    }

    /** Every call creates a new job and returns its id (the `id` argument names the processor). */
    scheduleOnce(appId: string, schedule: IOnetimeSchedule): string {
        const when = schedule.when instanceof Date ? schedule.when : this.parseWhen(schedule.when);
        return this.insert({ processorId: schedule.id, appId, when, data: schedule.data });
    }

    scheduleRecurring(appId: string, schedule: IRecurringSchedule): string {
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

    /** Pending jobs, soonest first (optionally of one app). */
    list(appId?: string): Job[] {
        return [...this.jobs.values()]
            .filter((j) => !appId || j.appId === appId)
            .sort((a, b) => a.when.getTime() - b.when.getTime())
            .map((j) => structuredClone(j));
    }

    /** The engine that runs due jobs; `undefined` while no engine is up (jobs then wait, as in an empty cluster). */
    setRunner(runner: JobRunner | undefined): void {
        this.runner = runner;
    }

    /**
     * Runs the jobs due up to `target` in `when` order, moving the clock to each job's time first so the app
     * sees the time the job was meant for. A job is removed before it runs (Agenda locks it): a processor
     * that is not there, or an app that is disabled, consumes the job without running it.
     */
    async runDue(target: number): Promise<void> {
        for (;;) {
            const next = this.list()[0];
            if (!next || next.when.getTime() > target || !this.runner) {
                return;
            }
            this.clock.moveTo(next.when.getTime());
            this.jobs.delete(next.id);
            if (next.intervalMs) {
                this.jobs.set(next.id, { ...next, when: new Date(next.when.getTime() + next.intervalMs) });
            }
            await this.runner(next);
        }
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
