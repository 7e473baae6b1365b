import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { SessionStore } from '../persistence/SessionStore';
import { armIdleCheck } from '../session/idleTimer';

/**
 * Runs right after the app is enabled. Jobs that came due while it was disabled were consumed without
 * running, so every open session gets one fresh idle check, due now: that job then warns, closes or
 * waits. Reconcile itself never acts on a session, so two instances reconciling at once cannot warn
 * twice (the older of their two jobs is stale and does nothing).
 */
export async function reconcileSessions(ctx: CallContext): Promise<void> {
    const sessions = await new SessionStore(ctx.read.getPersistenceReader()).all();
    const now = new Date();
    for (const session of sessions) {
        try {
            await armIdleCheck(ctx, session, now);
        } catch (error) {
            ctx.logger.error(`reconcile of room ${session.roomId} failed: ${errorText(error)}`);
        }
    }
    ctx.logger.info(`reconciled ${sessions.length} open session(s)`);
}
