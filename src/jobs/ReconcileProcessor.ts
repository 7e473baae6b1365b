import { IApp } from '@rocket.chat/apps-engine/definition/IApp';
import { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
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

// The engine binds `this` to the app when it runs a processor: close over `app` instead.
export function reconcileProcessor(app: IApp): IProcessor {
    return {
        id: ProcessorId.Reconcile,
        processor: async (_job, read, modify, http, persistence) => reconcileSessions({ read, modify, persistence, http, logger: app.getLogger() }),
    };
}
