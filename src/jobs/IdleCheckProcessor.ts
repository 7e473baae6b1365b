import { IApp } from '@rocket.chat/apps-engine/definition/IApp';
import { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { ProcessorId } from '../config/ids';
import { errorText } from '../lib/errors';
import { runIdleCheckJob } from './idleCheck';

// The engine calls `processor` with `this` bound to the app, not to this object: close over `app` instead.
export function idleCheckProcessor(app: IApp): IProcessor {
    return {
        id: ProcessorId.IdleCheck,
        processor: async (job, read, modify, http, persistence) => {
            const logger = app.getLogger();
            const roomId = typeof job.roomId === 'string' ? job.roomId : undefined;
            if (!roomId) {
                logger.error(`idle job ${job.jobId} has no room id; ignored`);
                return;
            }
            try {
                await runIdleCheckJob({ read, modify, persistence, http, logger }, roomId, job.jobId);
            } catch (error) {
                logger.error(`idle job ${job.jobId} for room ${roomId} failed: ${errorText(error)}`);
            }
        },
    };
}
