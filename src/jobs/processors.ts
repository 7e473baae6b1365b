import { IApp } from '@rocket.chat/apps-engine/definition/IApp';
import { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { ProcessorId } from '../config/ids';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { runIdleCheckJob } from './idleCheck';
import { reconcileSessions } from './reconcile';
import { runSweep } from './sweep';

/**
 * The engine calls `processor` with `this` bound to the app, not to the processor object: close over
 * `app`. Failures are logged with the job id, never thrown back into the scheduler.
 */
function processorFor(app: IApp, id: ProcessorId, run: (ctx: CallContext, job: IJobContext) => Promise<void>): IProcessor {
    return {
        id,
        processor: async (job, read, modify, _http, persistence) => {
            const logger = app.getLogger();
            try {
                await run({ read, modify, persistence, logger }, job);
            } catch (error) {
                logger.error(`job ${job.jobId} (${id}) failed: ${errorText(error)}`);
            }
        },
    };
}

export const processors = (app: IApp): Array<IProcessor> => [
    processorFor(app, ProcessorId.IdleCheck, runIdleCheckJob),
    processorFor(app, ProcessorId.Reconcile, reconcileSessions),
    processorFor(app, ProcessorId.Sweep, runSweep),
];
