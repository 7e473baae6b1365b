import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { idlePolicy, stringSetting } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { RelayedMessageStore } from '../persistence/RelayedMessageStore';
import { Recipient } from '../persistence/RepStore';
import { EndReason, Session, SessionStore } from '../persistence/SessionStore';
import { tellRep } from '../relay/repNotices';
import { closeRoomAsApp, managerLanguage, readLivechatRoom } from './livechatRooms';
import { discardSession } from './newSession';

// What the server throws when asked to close a room that is closed already.
const ROOM_CLOSED = 'error-room-closed';

/**
 * Ends a session whose room is closed (by anyone). Removing the record is the "once" guarantee: only the
 * caller whose remove deleted it cancels the job and tells the rep.
 */
export async function endSession(ctx: CallContext, session: Session): Promise<void> {
    if (!(await discardSession(ctx, session))) {
        return;
    }
    await new RelayedMessageStore(ctx.read.getPersistenceReader()).forgetRep(ctx.persistence, session.repId);
    ctx.logger.info(`session closed: room ${session.roomId}, rep ${session.repId}, reason ${session.ending ?? 'closed by server or agent'}`);
    await tellRepWhy(ctx, session, session.ending);
}

async function tellRepWhy(ctx: CallContext, rep: Recipient, reason: EndReason | undefined): Promise<void> {
    switch (reason) {
        case EndReason.Idle: {
            const minutes = (await idlePolicy(ctx.read)).timeoutMs / 60_000;
            return tellRep(ctx, rep, 'close_notice', { minutes }, await stringSetting(ctx.read, SettingId.CloseNotice));
        }
        case EndReason.Rep:
            return tellRep(ctx, rep, 'closed_by_rep');
        default:
            return tellRep(ctx, rep, 'closed_by_manager');
    }
}

/**
 * ShiftLink closes the room itself. The reason is stored first so that the close event, which may run on
 * another instance, tells the rep why. A room that is already closed produces no event: end it here.
 */
export async function closeSession(ctx: CallContext, session: Session, reason: EndReason, comment: (language: string) => string): Promise<boolean> {
    const marked: Session = { ...session, ending: reason };
    await new SessionStore(ctx.read.getPersistenceReader()).update(ctx.persistence, marked);
    const room = await readLivechatRoom(ctx, session.roomId);
    if (!room || !room.isOpen) {
        await endSession(ctx, marked);
        return true;
    }
    try {
        await closeRoomAsApp(ctx, room, comment(managerLanguage(room)));
        return true;
    } catch (error) {
        if (errorText(error).includes(ROOM_CLOSED)) {
            // Closed by someone else meanwhile: their close event ends it, or we do (same once-guard).
            await endSession(ctx, marked);
            return true;
        }
        ctx.logger.error(`could not close room ${session.roomId} (${reason}): ${errorText(error)}`);
        await new SessionStore(ctx.read.getPersistenceReader()).update(ctx.persistence, session);
        return false;
    }
}
