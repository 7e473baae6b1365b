import { IHttp, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IJobContext, IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { ProcessorId } from '../config/ids';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { SessionStore } from '../persistence/SessionStore';
import { checkIdle } from './idleCheck';

/**
 * Runs right after the app is enabled. Jobs that came due while it was disabled were consumed without
 * running, so every open session is checked now: overdue ones close, the others get one fresh job.
 */
export async function reconcileSessions(ctx: CallContext): Promise<void> {
    const sessions = await new SessionStore(ctx.read.getPersistenceReader()).all();
    for (const session of sessions) {
        try {
            await checkIdle(ctx, session);
        } catch (error) {
            ctx.logger.error(`reconcile of room ${session.roomId} failed: ${errorText(error)}`);
        }
    }
    ctx.logger.info(`reconciled ${sessions.length} open session(s)`);
}

export class ReconcileProcessor implements IProcessor {
    public readonly id = ProcessorId.Reconcile;

    constructor(private readonly logger: ILogger) {}

    public async processor(_job: IJobContext, read: IRead, modify: IModify, http: IHttp, persistence: IPersistence): Promise<void> {
        await reconcileSessions({ read, modify, persistence, http, logger: this.logger });
    }
}
