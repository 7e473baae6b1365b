import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { CallContext } from '../lib/context';
import { classifyPostedMessage, MessageKind } from '../lib/messageKind';
import { isShiftLinkRoom, relayFromManager } from '../session/managerMessages';
import { displayName } from '../lib/displayName';

/**
 * For checkPostMessageSent: an agent's message in a ShiftLink room, decided from the message alone, so the
 * server's other traffic costs no bridge call and no execute call.
 */
export function concernsShiftLink(message: IMessage): boolean {
    return classifyPostedMessage(message) === MessageKind.AgentInLivechat && isShiftLinkRoom(message.room as ILivechatRoom);
}

/** A manager answered: the event's room carries where it goes, so only the post crosses to the server. */
export async function onPostMessageSent(ctx: CallContext, message: IMessage): Promise<void> {
    if (!concernsShiftLink(message) || !message.id) {
        return;
    }
    const relay = {
        id: message.id,
        agentName: displayName(message.sender),
        content: { text: message.text, attachments: message.attachments },
        agent: message.sender,
    };
    // The source is checked inside the room's queue: an await before queueing could reorder a burst.
    await relayFromManager(ctx, message.room as ILivechatRoom, relay, async () => (await relaySource(ctx.read)) === RelaySource.Events);
}
