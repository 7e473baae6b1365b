import type { IOnetimeSchedule, IProcessor, IRecurringSchedule } from '@rocket.chat/apps-engine/definition/scheduler';
import { StartupType } from '@rocket.chat/apps-engine/definition/scheduler';
import { SchedulerBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { HostContext } from './context';

/** RC's AppSchedulerBridge over the model's jobs; processors stay in the instance that registered them. */
export class HostSchedulerBridge extends SchedulerBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    /** Processor ids arrive as `<id>_<appId>`. A startup setting schedules the processor right away, as RC does. */
    protected async registerProcessors(processors: IProcessor[], appId: string): Promise<string[]> {
        for (const processor of processors) {
            this.ctx.instance.processors.set(processor.id, processor);
            const startup = processor.startupSetting;
            if (!startup) {
                continue;
            }
            await this.ctx.port.scheduler.cancelJob(processor.id);
            if (startup.type === StartupType.ONETIME) {
                await this.ctx.port.scheduler.scheduleOnce(appId, { id: processor.id, when: startup.when, data: startup.data });
            } else {
                await this.ctx.port.scheduler.scheduleRecurring(appId, { id: processor.id, interval: startup.interval, skipImmediate: startup.skipImmediate, data: startup.data });
            }
        }
        return processors.map((p) => p.id);
    }

    protected async scheduleOnce(job: IOnetimeSchedule, appId: string): Promise<string> {
        return this.ctx.port.scheduler.scheduleOnce(appId, job);
    }

    protected async scheduleRecurring(job: IRecurringSchedule, appId: string): Promise<string> {
        return this.ctx.port.scheduler.scheduleRecurring(appId, job);
    }

    protected async cancelJob(jobId: string): Promise<void> {
        await this.ctx.port.scheduler.cancelJob(jobId);
    }

    protected async cancelAllJobs(appId: string): Promise<void> {
        await this.ctx.port.scheduler.cancelAllJobs(appId);
    }
}
