import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { MessageBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { HostContext } from './context';

/**
 * The `_id` RC's converter gives an app's message: `message.id`, overridden by `_unmappedProperties_._id`
 * (apps/meteor/app/apps/server/converters/messages.js ends with `Object.assign(newMessage,
 * message._unmappedProperties_)`). The second survives engine 1.62's runtime, which deletes `message.id`.
 */
export function chosenId(message: IMessage): { id?: string } {
    const unmapped = (message as { _unmappedProperties_?: { _id?: unknown } })._unmappedProperties_?._id;
    const id = typeof unmapped === 'string' ? unmapped : message.id;
    return id ? { id } : {};
}

/** RC's AppMessageBridge. Reactions, typing indicators and deletion are not modelled. */
export abstract class HostMessageBridge extends MessageBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    /**
     * RC's bridge create → converter → executeSendMessage → sendMessage. The app's message is stored and fires
     * IPostMessageSent for every app, the sender included (RC has no self-filter), not awaited. A room that no
     * longer exists fails in the converter; the size limit and attachment links are checked. RC's converter
     * keeps an `id` the app chose (engine 1.62's ModifyCreator deletes it before the bridge is called): when
     * a message with that id exists, sendMessage returns nothing and the bridge fails reading its `_id`.
     */
    protected async create(message: IMessage): Promise<string> {
        if (!message.room?.id || !(await this.ctx.port.rooms.getById(message.room.id))) {
            throw new Error('Invalid room provided on the message.');
        }
        const stored = await this.ctx.server.executeSendMessage({
            ...chosenId(message),
            roomId: message.room.id,
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
        if (!stored) {
            throw new TypeError("Cannot read properties of undefined (reading '_id')");
        }
        return stored.id!;
    }

    /** An edit by the app: fires IPostMessageUpdated. */
    protected async update(message: IMessage): Promise<void> {
        const editorId = (message.editor || message.sender).id;
        await this.ctx.server.editMessage(
            message.id!,
            { text: message.text, attachments: message.attachments, customFields: message.customFields },
            editorId,
        );
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
