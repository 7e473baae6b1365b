import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';

import type { CloseBy } from './model/livechat';
import type { ModelPort } from './model/port';
import type { NewMessage } from './model/rooms';

/** RC's isURL (apps/meteor/lib/utils/isURL.ts), or an upload path. */
const validHref = (value: unknown): boolean =>
    typeof value === 'string' && (/^(https?:\/\/|data:)/.test(value) || value.startsWith('/file-upload/')) && !/^javascript:/i.test(value);

/**
 * RC's validateMessage for attachments (sendMessage.ts validFullURLParam): every link field must be an
 * http(s)/data URL or an upload path. Checked on the app's attachment shape, which RC's converter maps 1:1.
 */
function validateAttachments(attachments: IMessageAttachment[] | undefined): void {
    for (const a of attachments || []) {
        const links = [
            a.thumbnailUrl,
            a.imageUrl,
            a.audioUrl,
            a.videoUrl,
            a.author?.link,
            a.author?.icon,
            a.title?.link,
            ...(a.actions || []).flatMap((x) => [(x as { url?: string }).url, (x as { image_url?: string }).image_url]),
        ];
        if (links.some((link) => link !== undefined && link !== null && !validHref(link))) {
            throw new Error('Invalid href value provided');
        }
    }
}

/** Fires an engine event without awaiting the app's handler (RC's `void Apps.self?.triggerEvent(...)`). */
export type FireEvent = (name: string, payload: unknown) => Promise<void>;

export interface VisitorMessage {
    roomId: string;
    token: string;
    text?: string;
    alias?: string;
    attachments?: IMessageAttachment[];
    customFields?: Record<string, unknown>;
}

export interface RoomSource {
    type: string;
    id?: string;
    alias?: string;
    [key: string]: unknown;
}

/**
 * What RC's server does around the stores when something happens: the writes, the system messages and the
 * app events, in RC's order. One per engine: events go to the engine of the instance where it happened.
 */
export class ServerSide {
    constructor(
        private readonly port: ModelPort,
        private readonly fire: FireEvent,
    ) {}

    /** RC's sendMessage for a message without a chosen id (it is always stored): see saveMessage. */
    async sendMessage(message: NewMessage): Promise<IMessage> {
        return (await this.saveMessage({ ...message, id: undefined }))!;
    }

    /**
     * RC's executeSendMessage (apps/meteor/app/lib/server/methods/sendMessage.ts), the path of users' messages
     * and of the app message bridge: refuses a text longer than Message_MaxAllowedSize, then saveMessage.
     */
    async executeSendMessage(message: NewMessage): Promise<IMessage | undefined> {
        const max = Number((await this.port.serverSettings.getOneById('Message_MaxAllowedSize'))?.value ?? 0);
        if (message.text && message.text.length > max) {
            throw new Error('Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]');
        }
        return this.saveMessage(message);
    }

    /**
     * RC's sendMessage (apps/meteor/app/lib/server/functions/sendMessage.ts): attachment links validated; a
     * message with a chosen `id` that exists already is dropped silently (undefined); otherwise insertOne
     * (unique _id: a concurrent duplicate that passed the check fails with E11000), then IPostMessageSent for
     * every app, not awaited (system messages: IPostSystemMessageSent).
     */
    async saveMessage(message: NewMessage): Promise<IMessage | undefined> {
        validateAttachments(message.attachments);
        if (message.id) {
            if (await this.port.rooms.getMessageById(message.id)) {
                return undefined;
            }
            await this.port.rooms.roundTrip(); // findOneById and insertOne are two Mongo calls
        }
        const stored = await this.port.rooms.insertMessage(message);
        await this.fire(message.type ? 'IPostSystemMessageSent' : 'IPostMessageSent', stored);
        return stored;
    }

    async editMessage(
        messageId: string,
        changes: { text?: string; attachments?: IMessageAttachment[]; customFields?: Record<string, unknown> },
        editorId: string,
    ): Promise<IMessage> {
        const updated = await this.port.rooms.updateMessage(messageId, changes, editorId);
        await this.fire('IPostMessageUpdated', updated);
        return updated;
    }

    /**
     * RC's livechat sendMessage for a visitor (LivechatTyped.sendMessage → getRoom → sendMessage): a message
     * into a closed room silently opens a new room for the visitor (routed, with its events) and lands
     * there; an open room of another visitor's token is refused (`cannot-access-room`). No size limit on this
     * path. Through the app bridge a room that no longer exists fails first in RC's message converter.
     */
    async sendVisitorMessage(message: VisitorMessage & { id?: string }, source?: RoomSource): Promise<IMessage | undefined> {
        const visitor = await this.port.livechat.findVisitorByToken(message.token);
        if (!visitor) {
            throw new Error('error-invalid-visitor');
        }
        let roomId = message.roomId;
        const room = (await this.port.rooms.getById(roomId)) as ILivechatRoom | undefined;
        if (!room?.isOpen) {
            roomId = (await this.startLivechat(visitor, { source })).id;
        } else if (room.visitor?.token !== visitor.token) {
            throw new Error('[cannot-access-room]');
        }
        return this.saveMessage({
            ...(message.id && { id: message.id }),
            roomId,
            sender: { id: visitor.id!, username: visitor.username, name: visitor.name },
            token: visitor.token,
            visitorId: visitor.id,
            ...(message.text !== undefined && { text: message.text }),
            ...(message.alias !== undefined && { alias: message.alias }),
            ...(message.attachments && { attachments: message.attachments }),
            ...(message.customFields && { customFields: message.customFields }),
        });
    }

    /**
     * RC's createRoom/requestRoom: the room (department from the visitor), the `livechat-started` system
     * message, IPostLivechatRoomStarted (servedBy still empty), then routing and IPostLivechatAgentAssigned.
     * Routing may leave the room unserved (Manual Selection, no available agent): see model/routing.ts.
     */
    async startLivechat(
        visitor: IVisitor,
        options: { agentId?: string; source?: RoomSource; customFields?: Record<string, unknown> } = {},
    ): Promise<ILivechatRoom> {
        const room = await this.port.livechat.openRoom(visitor.id!, {
            departmentId: visitor.department,
            source: options.source,
            customFields: options.customFields,
        });
        await this.sendMessage({
            roomId: room.id,
            type: 'livechat-started',
            text: '',
            groupable: false,
            token: visitor.token,
            visitorId: visitor.id,
            sender: { id: visitor.id!, username: visitor.username, name: visitor.name },
        });
        await this.fire('IPostLivechatRoomStarted', room);
        const routed = await this.port.livechat.routeRoom(room.id, options.agentId);
        if (!routed) {
            return room;
        }
        // RoutingManager.assignAgent fires with the room object it was handed (created before routing), so
        // the event's room has no servedBy yet; only the room createRoom returns has it.
        await this.fire('IPostLivechatAgentAssigned', { room, agent: routed.agent });
        return routed.room;
    }

    /** RC's closeRoom: the `livechat-close` system message (text = comment), then IPostLivechatRoomClosed. */
    async closeLivechat(roomId: string, comment: string | undefined, closedBy: CloseBy, seenOpen?: boolean): Promise<boolean> {
        const closed = await this.port.livechat.closeRoom(roomId, comment, closedBy, seenOpen);
        if (!closed) {
            return false;
        }
        const sender =
            'userId' in closedBy
                ? closedBy.userId
                : { id: closed.visitor.id!, username: closed.visitor.username, name: closed.visitor.name };
        await this.sendMessage({
            roomId,
            type: 'livechat-close',
            text: comment || '',
            groupable: false,
            sender,
            ...('visitor' in closedBy && { token: closed.visitor.token }),
        });
        await this.fire('IPostLivechatRoomClosed', (await this.port.rooms.getById(roomId)) as ILivechatRoom);
        return true;
    }
}
