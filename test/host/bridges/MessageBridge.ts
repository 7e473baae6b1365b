import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { MessageBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { HostContext } from './context';

/**
 * The id an app chose for its message. The engine's runtime deletes `message.id`, but RC's converter
 * (apps/server/converters/messages.js) ends with `Object.assign(newMessage, message._unmappedProperties_)`,
 * so an `_id` there becomes the message's `_id`.
 */
export function chosenId(message: object): { id?: string } {
    const id = (message as { _unmappedProperties_?: { _id?: unknown } })._unmappedProperties_?._id;
    return typeof id === 'string' ? { id } : {};
}

/** RC's AppMessageBridge. Reactions, typing indicators and deletion are not modelled. */
export abstract class HostMessageBridge extends MessageBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    /**
     * The app's message is stored and fires IPostMessageSent for every app, the sender included (RC has
     * no self-filter). The event is not awaited: the app is waiting for this call to return.
     */
    protected async create(message: IMessage): Promise<string> {
        const stored = await this.ctx.server.sendMessage({
            roomId: message.room.id,
            ...chosenId(message),
            sender: message.sender.id,
            ...(message.text !== undefined && { text: message.text }),
            ...(message.alias !== undefined && { alias: message.alias }),
            ...(message.attachments && { attachments: message.attachments }),
            ...(message.avatarUrl && { avatarUrl: message.avatarUrl }),
            ...(message.emoji && { emoji: message.emoji }),
            ...(message.groupable !== undefined && { groupable: message.groupable }),
            ...(message.threadId && { threadId: message.threadId }),
            ...(message.customFields && { customFields: message.customFields }),
            ...(message.blocks && { blocks: message.blocks as unknown[] }),
        });
        // RC's bridge reads `sentMessage._id` of the undefined an existing id gives (apps/server/bridges/messages.ts).
        return stored!.id!;
    }

    /** An edit by the app: fires IPostMessageUpdated. */
    protected async update(message: IMessage): Promise<void> {
        const editorId = (message.editor || message.sender).id;
        await this.ctx.server.editMessage(message.id!, { text: message.text, attachments: message.attachments, customFields: message.customFields }, editorId);
    }

    /** Ephemeral: stored as a notification for the user, not as a room message, and fires nothing. */
    protected async notifyUser(user: IUser, message: IMessage, appId: string): Promise<void> {
        await this.ctx.port.notifications.add({ userId: user.id, appId, message });
    }

    protected async notifyRoom(room: IRoom, message: IMessage, appId: string): Promise<void> {
        await this.ctx.port.notifications.add({ roomId: room.id, appId, message });
    }

    protected async getById(messageId: string): Promise<IMessage> {
        return (await this.ctx.port.rooms.getMessageById(messageId)) as IMessage;
    }
}
