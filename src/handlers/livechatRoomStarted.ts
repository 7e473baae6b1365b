import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { ROOM_REP_FIELD } from '../config/ids';
import { CallContext } from '../lib/context';
import { Rep, RepStore } from '../persistence/RepStore';
import { SessionStore } from '../persistence/SessionStore';
import { tellRep } from '../relay/repNotices';
import { recordSession } from '../session/newSession';

/**
 * Fires inside createRoom, before ShiftLink has stored the session: the visitor token (issued by
 * ShiftLink) is what identifies the room as ours here.
 */
export async function onLivechatRoomStarted(ctx: CallContext, room: ILivechatRoom): Promise<void> {
    const token = room.visitor?.token;
    const rep = token ? await new RepStore(ctx.read.getPersistenceReader()).byToken(token) : undefined;
    if (!rep) {
        return;
    }
    if (!room.customFields?.[ROOM_REP_FIELD]) {
        await adoptServerOpenedRoom(ctx, rep, room);
    }
    await tellRep(ctx, rep, 'session_connected');
}

/**
 * A room with our visitor that ShiftLink did not open: a message posted as the rep raced an agent's close,
 * and the server started a new room for it. It becomes the rep's session, so the manager's answers reach
 * the rep and the room idles out like any other.
 */
async function adoptServerOpenedRoom(ctx: CallContext, rep: Rep, room: ILivechatRoom): Promise<void> {
    if (await new SessionStore(ctx.read.getPersistenceReader()).ofRoom(room.id)) {
        return;
    }
    await recordSession(ctx, rep, room, room.visitor, room.department?.id ?? '');
    ctx.logger.info(`room ${room.id} opened by the server for rep ${rep.repId} adopted as a session`);
}
