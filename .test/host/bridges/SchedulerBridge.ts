import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { HostContext } from './context';

/**
 * RC's AppSchedulerBridge (apps/meteor/app/apps/server/bridges/scheduler.ts) over the model's jobs;
 * processors stay in the instance that registered them. Like RC it never throws from scheduleOnce /
 * scheduleRecurring / cancel*: it logs the error (model.scheduler.serverErrors()) and returns undefined.
 */
export class HostSchedulerBridge extends SchedulerBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    /**
     * Processor ids arrive as `<id>_<appId>`. A ONETIME startup setting schedules a job only when none of the
     * processor is pending (RC's scheduleOnceAfterRegister); a RECURRING one (re)schedules it (Agenda's every()).
     */
    protected async registerProcessors(processors: IProcessor[], appId: string): Promise<string[]> {
        for (const processor of processors) {
            this.ctx.instance.processors.set(processor.id, processor);
            const startup = processor.startupSetting;
            if (!startup) {
                continue;
            }
            if (startup.type === StartupType.ONETIME) {
                if (!(await this.ctx.port.scheduler.hasOneTimeJob(processor.id))) {
                    await this.scheduleOnce({ id: processor.id, when: startup.when, data: startup.data }, appId);
                }
            } else {
                await this.ctx.port.scheduler.cancelJob(processor.id);
                await this.scheduleRecurring(
                    { id: processor.id, interval: startup.interval, skipImmediate: startup.skipImmediate, data: startup.data },
                    appId,
                );
            }
        }
        return processors.map((p) => p.id);
    }

    protected async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<string | undefined> {
        return this.logged(() => this.ctx.port.scheduler.scheduleOnce(appId, job));
    }

    protected async scheduleRecurring(job: IRecurringSchedule, appId: string): Promise<string | undefined> {
        return this.logged(() => this.ctx.port.scheduler.scheduleRecurring(appId, job));
    }

    protected async cancelJob(jobId: string): Promise<void> {
        await this.logged(() => this.ctx.port.scheduler.cancelJob(jobId));
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        await this.logged(() => this.ctx.port.scheduler.cancelAllJobs(appId));
    }

    private async logged<T>(call: () => Promise<T>): Promise<T | undefined> {
        try {
            return await call();
        } catch (e) {
            await this.ctx.port.scheduler.logError(e instanceof Error ? e.message : String(e));
            return undefined;
        }
    }
}
