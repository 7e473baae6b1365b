import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { CallContext } from '../lib/context';
import { classifyPostedMessage, MessageKind } from '../lib/messageKind';
import { SessionStore } from '../persistence/SessionStore';
import { relayManagerMessage } from '../relay/managerToRep';

/**
 * IPostMessageSent fires for every message on the server, ShiftLink's own included. Everything but an
 * agent's message in a livechat room is dropped before any bridge call.
 */
export async function onPostMessageSent(ctx: CallContext, message: IMessage): Promise<void> {
    if (classifyPostedMessage(message) !== MessageKind.AgentInLivechat) {
        return;
    }
    // Both reads at once: each is a round trip out of the app's process, and this is the hot path.
    const [session, source] = await Promise.all([new SessionStore(ctx.read.getPersistenceReader()).ofRoom(message.room.id), relaySource(ctx.read)]);
    if (!session || source !== RelaySource.Events) {
        return;
    }
    const managerName = message.sender.name || message.sender.username;
    await relayManagerMessage(ctx, session, managerName, { text: message.text, attachments: message.attachments });
}
