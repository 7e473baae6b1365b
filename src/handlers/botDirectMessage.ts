import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { CallContext } from '../lib/context';
import { classifyBotDirectMessage, MessageKind } from '../lib/messageKind';
import { relayFromRep } from '../session/repMessages';

/** IPostMessageSentToBot: the engine already limits it to DMs with our bot, not written by it. */
export async function onBotDirectMessage(ctx: CallContext, message: IMessage): Promise<void> {
    if (classifyBotDirectMessage(message) !== MessageKind.RepInBotDirect || !message.id) {
        return;
    }
    const content = { text: message.text, attachments: message.attachments };
    // The source is checked inside the rep's queue: an await before queueing could reorder a burst.
    const onlyIf = async () => (await relaySource(ctx.read)) === RelaySource.Events;
    await relayFromRep(
        ctx,
        message.sender as IUser,
        message.room.id,
        { id: message.id, content, createdAt: message.createdAt },
        { onlyIf },
    );
}
