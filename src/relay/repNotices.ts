import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { TextKey } from '../i18n/en';
import { errorText } from '../lib/errors';
import { CallContext } from '../lib/context';
import { TextVars, textOrDefault } from '../lib/i18n';
import { Recipient } from '../persistence/RepStore';

/** Everything ShiftLink itself tells a rep goes through here, as the bot, in the rep's DM with it. */
export async function tellRep(ctx: CallContext, rep: Recipient, key: TextKey, vars?: TextVars, configured = ''): Promise<void> {
    const text = textOrDefault(configured, rep.language, key, vars);
    try {
        await ctx.modify.getCreator().finish(ctx.modify.getCreator().startMessage().setRoom(rep.dmRoom).setText(text));
    } catch (error) {
        ctx.logger.error(`could not notify rep ${rep.repId} in room ${rep.dmRoom.id}: ${errorText(error)}`);
    }
}

/** Replies to a slash command caller only (ephemeral): nobody else in the room sees it. */
export async function replyPrivately(ctx: CallContext, user: IUser, room: Recipient['dmRoom'], text: string): Promise<void> {
    const message = ctx.modify.getNotifier().getMessageBuilder().setRoom(room).setText(text).getMessage();
    await ctx.modify.getNotifier().notifyUser(user, message);
}
