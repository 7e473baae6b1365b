import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { CallContext } from '../lib/context';
import { languageOf } from '../lib/i18n';

export async function readLivechatRoom(ctx: CallContext, roomId: string): Promise<ILivechatRoom | undefined> {
    return (await ctx.read.getRoomReader().getById(roomId)) as ILivechatRoom | undefined;
}

/**
 * Every close ShiftLink makes goes through here, as the app's user: without a closer the server records
 * the visitor (the rep) as the one who closed, and the close message would look like one of the rep's.
 */
export async function closeRoomAsApp(ctx: CallContext, room: ILivechatRoom, comment: string): Promise<void> {
    await ctx.modify.getUpdater().getLivechatUpdater().closeRoom(room, comment, await appUserOf(ctx));
}

export async function appUserOf(ctx: CallContext): Promise<IUser> {
    const user = await ctx.read.getUserReader().getAppUser();
    if (!user) {
        throw new Error('the server has no user for this app');
    }
    return user;
}

/** Texts for the shift manager (room comments, notices) follow the serving agent's language. */
export function managerLanguage(room: ILivechatRoom): string {
    return languageOf(room.servedBy);
}
