import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { ROOM_FIELDS } from '../config/ids';
import { CallContext } from '../lib/context';
import { isShiftLinkToken } from '../lib/token';
import { inNoticeOrder } from '../notices/repNotices';
import { RepStore } from '../persistence/RepStore';
import { adopt, greetAdopted } from '../session/lifecycle';

/**
 * Fires inside createRoom, before routing. A room ShiftLink opened (its fields) is greeted by its opener,
 * which knows whether routing served it. A room of a ShiftLink visitor without those fields was opened by
 * the server for a post that raced a close: it is adopted, so answers and the idle close work there too.
 */
export async function onLivechatRoomStarted(ctx: CallContext, room: ILivechatRoom): Promise<void> {
    const token = room.visitor?.token;
    if (!isShiftLinkToken(token) || room.customFields?.[ROOM_FIELDS.repId]) {
        return;
    }
    await inNoticeOrder(token, () => greet(ctx, room, token));
}

async function greet(ctx: CallContext, room: ILivechatRoom, token: string): Promise<void> {
    const rep = await new RepStore(ctx.read.getPersistenceReader()).byToken(token);
    if (!rep) {
        return;
    }
    await adopt(ctx, rep, room);
    await greetAdopted(ctx, rep, room.id);
}
