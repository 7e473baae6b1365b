import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { SessionStore } from '../persistence/SessionStore';
import { endSession } from '../session/endSession';

/** Any close (agent, abandonment monitor, ShiftLink itself) ends the session, exactly once. */
export async function onLivechatRoomClosed(ctx: CallContext, room: ILivechatRoom): Promise<void> {
    const session = await new SessionStore(ctx.read.getPersistenceReader()).ofRoom(room.id);
    if (session) {
        await endSession(ctx, session);
    }
}
