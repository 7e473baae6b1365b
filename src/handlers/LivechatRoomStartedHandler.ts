import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { RepStore } from '../persistence/RepStore';
import { tellRep } from '../relay/RepNotifier';

/**
 * Fires inside createRoom, before ShiftLink has stored the session: the visitor token (issued by
 * ShiftLink) is what identifies the room as ours here.
 */
export async function onLivechatRoomStarted(ctx: CallContext, room: ILivechatRoom): Promise<void> {
    const token = room.visitor?.token;
    const rep = token ? await new RepStore(ctx.read.getPersistenceReader()).byToken(token) : undefined;
    if (rep) {
        await tellRep(ctx, rep, 'session_connected');
    }
}
