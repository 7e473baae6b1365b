import { IJobContext } from '@rocket.chat/apps-engine/definition/scheduler';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { RepStore } from '../persistence/RepStore';
import { appUser } from '../relay/deliver';
import { allSessions, arm } from '../session/lifecycle';
import { catchUp } from '../session/repMessages';
import { armSweep } from './sweep';

/**
 * Runs right after the app is enabled. Jobs that came due while it was disabled were consumed without
 * running, so every open session gets one fresh idle check, due now; then what reps wrote meanwhile is
 * relayed (late), and the safety sweep is armed. Reconcile itself never warns or closes, so two
 * instances reconciling at once cannot warn twice.
 */
export async function reconcileSessions(ctx: CallContext, job: IJobContext): Promise<void> {
    const sessions = await allSessions(ctx);
    const now = new Date();
    // A job without it (scheduled by an older version) catches up on everything before now.
    const enabledAt = new Date(typeof job.enabledAt === 'number' ? job.enabledAt : now.getTime());
    for (const session of sessions) {
        await arm(ctx, session, now).catch((error) => ctx.logger.error(`reconcile of room ${session.roomId} failed: ${errorText(error)}`));
    }
    ctx.logger.info(`reconciled ${sessions.length} open session(s)`);
    const bot = await appUser(ctx);
    for (const rep of await new RepStore(ctx.read.getPersistenceReader()).all()) {
        if (rep.dmRoomId) {
            await catchUp(ctx, rep, bot.id, enabledAt).catch((error) =>
                ctx.logger.error(`catch-up of rep ${rep.repId} failed: ${errorText(error)}`),
            );
        }
    }
    await armSweep(ctx, { replaceAll: true });
}
