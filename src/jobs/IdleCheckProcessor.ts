import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { ProcessorId } from '../config/ids';
import { errorText } from '../lib/errors';
import { runIdleCheckJob } from './idleCheck';

export class IdleCheckProcessor implements IProcessor {
    public readonly id = ProcessorId.IdleCheck;

    constructor(private readonly logger: ILogger) {}

    public async processor(job: IJobContext, read: IRead, modify: IModify, http: IHttp, persistence: IPersistence): Promise<void> {
        const roomId = typeof job.roomId === 'string' ? job.roomId : undefined;
        if (!roomId) {
            this.logger.error(`idle job ${job.jobId} has no room id; ignored`);
            return;
        }
        try {
            await runIdleCheckJob({ read, modify, persistence, http, logger: this.logger }, roomId, job.jobId);
        } catch (error) {
            this.logger.error(`idle job ${job.jobId} for room ${roomId} failed: ${errorText(error)}`);
        }
    }
}
