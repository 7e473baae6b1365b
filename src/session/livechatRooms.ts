import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { languageOf } from '../lib/i18n';
import { appUser } from '../relay/deliver';

export async function readLivechatRoom(ctx: CallContext, roomId: string): Promise<ILivechatRoom | undefined> {
    return (await ctx.read.getRoomReader().getById(roomId)) as ILivechatRoom | undefined;
}

/**
 * Every close ShiftLink makes goes through here, as the app's user (without a closer the server records
 * the rep's visitor as the closer). The server judges openness by the room object it is given, so the
 * room is read right before: a stale object would fail with another error than "room closed".
 */
export async function closeRoomAsApp(
    ctx: CallContext,
    roomId: string,
    comment: (managerLanguage: string) => string,
): Promise<'closed' | 'was-closed'> {
    const room = await readLivechatRoom(ctx, roomId);
    if (!room?.isOpen) {
        return 'was-closed';
    }
    try {
        await ctx.modify
            .getUpdater()
            .getLivechatUpdater()
            .closeRoom(room, comment(managerLanguage(room)), await appUser(ctx));
        return 'closed';
    } catch (error) {
        // Closed by someone else between the read and the close: not a failure of ours.
        if (!(await readLivechatRoom(ctx, roomId))?.isOpen) {
            return 'was-closed';
        }
        throw error;
    }
}

/** Texts for the shift manager (room comments, notices) follow the serving agent's language. */
export function managerLanguage(room: Pick<ILivechatRoom, 'servedBy'>, serverDefault = 'en'): string {
    return languageOf(room.servedBy, serverDefault);
}
