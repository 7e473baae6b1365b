import { CallContext } from '../lib/context';
import { allSessions, closeForUninstall } from '../session/lifecycle';

/**
 * The app's events stop with the uninstall, so nothing would tell the reps later: close every open room
 * and tell its rep here. The server deletes the app's records and jobs afterwards.
 */
export async function closeAllOnUninstall(ctx: CallContext): Promise<void> {
    const sessions = await allSessions(ctx);
    for (const session of sessions) {
        await closeForUninstall(ctx, session);
    }
    ctx.logger.info(`uninstall closed ${sessions.length} session(s)`);
}
