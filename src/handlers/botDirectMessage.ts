import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { CallContext } from '../lib/context';
import { classifyBotDirectMessage, MessageKind } from '../lib/messageKind';
import { SessionStore } from '../persistence/SessionStore';
import { relayRepMessage } from '../relay/repToManager';

/** IPostMessageSentToBot: the engine already limits it to DMs with our bot, not written by it. */
export async function onBotDirectMessage(ctx: CallContext, message: IMessage): Promise<void> {
    if (classifyBotDirectMessage(message) !== MessageKind.RepInBotDirect) {
        return;
    }
    // Both reads at once: each is a round trip out of the app's process, and this is the hot path.
    const [source, sessions] = await Promise.all([relaySource(ctx.read), new SessionStore(ctx.read.getPersistenceReader()).ofRep(message.sender.id)]);
    if (source !== RelaySource.Events) {
        return;
    }
    await relayRepMessage(ctx, message.sender as IUser, message.room, { text: message.text, attachments: message.attachments }, sessions);
}
