import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { end, sessionOfRoom } from '../session/lifecycle';

/** Any close (agent, abandonment monitor, ShiftLink itself) ends the session; the rep is told once. */
export async function onLivechatRoomClosed(ctx: CallContext, room: ILivechatRoom): Promise<void> {
    const session = await sessionOfRoom(ctx, room.id);
    if (session) {
        await end(ctx, session);
    }
}
