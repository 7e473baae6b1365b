import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { translate } from '../lib/i18n';
import { SessionStore } from '../persistence/SessionStore';
import { tellRep } from '../relay/repNotices';
import { closeRoomAsApp, managerLanguage, readLivechatRoom } from '../session/livechatRooms';

/**
 * The app's events stop with the uninstall, so nothing would tell the reps later: close every open room
 * and tell its rep here. The server deletes the app's records and jobs afterwards.
 */
export async function closeAllOnUninstall(ctx: CallContext): Promise<void> {
    const sessions = await new SessionStore(ctx.read.getPersistenceReader()).all();
    for (const session of sessions) {
        try {
            await new SessionStore(ctx.read.getPersistenceReader()).remove(ctx.persistence, session);
            const room = await readLivechatRoom(ctx, session.roomId);
            if (room?.isOpen) {
                await closeRoomAsApp(ctx, room, translate(managerLanguage(room), 'uninstall_comment'));
            }
        } catch (error) {
            ctx.logger.error(`uninstall: could not close room ${session.roomId}: ${errorText(error)}`);
        }
        // Told even when the close failed: ShiftLink is gone either way.
        await tellRep(ctx, session, 'uninstall_notice');
    }
    ctx.logger.info(`uninstall closed ${sessions.length} session(s)`);
}
