import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';

import type { CloseBy } from './model/livechat';
import type { ModelPort } from './model/port';
import type { NewMessage } from './model/rooms';

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

    /** RC's sendMessage: store, then IPostMessageSent for every app (system messages: IPostSystemMessageSent). */
    async sendMessage(message: NewMessage): Promise<IMessage> {
        const stored = await this.port.rooms.insertMessage(message);
        await this.fire(message.type ? 'IPostSystemMessageSent' : 'IPostMessageSent', stored);
        return stored;
    }

    async editMessage(messageId: string, changes: { text?: string; attachments?: IMessageAttachment[]; customFields?: Record<string, unknown> }, editorId: string): Promise<IMessage> {
        const updated = await this.port.rooms.updateMessage(messageId, changes, editorId);
        await this.fire('IPostMessageUpdated', updated);
        return updated;
    }

    /**
     * RC's livechat sendMessage for a visitor: a message into a room that is closed (or gone) silently opens
     * a new room for the visitor (routed, with its events) and lands there.
     */
    async sendVisitorMessage(message: VisitorMessage, source?: RoomSource): Promise<IMessage> {
        const visitor = await this.port.livechat.findVisitorByToken(message.token);
        if (!visitor) {
            throw new Error('error-invalid-visitor');
        }
        let roomId = message.roomId;
        if (!(await this.port.livechat.isOpen(roomId))) {
            roomId = (await this.startLivechat(visitor, { source })).id;
        }
        return this.sendMessage({
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
    async startLivechat(visitor: IVisitor, options: { agentId?: string; source?: RoomSource; customFields?: Record<string, unknown> } = {}): Promise<ILivechatRoom> {
        const room = await this.port.livechat.openRoom(visitor.id!, { departmentId: visitor.department, source: options.source, customFields: options.customFields });
        await this.sendMessage({ roomId: room.id, type: 'livechat-started', text: '', groupable: false, token: visitor.token, visitorId: visitor.id, sender: { id: visitor.id!, username: visitor.username, name: visitor.name } });
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
    async closeLivechat(roomId: string, comment: string | undefined, closedBy: CloseBy): Promise<boolean> {
        const closed = await this.port.livechat.closeRoom(roomId, comment, closedBy);
        if (!closed) {
            return false;
        }
        const sender = 'userId' in closedBy ? closedBy.userId : { id: closed.visitor.id!, username: closed.visitor.username, name: closed.visitor.name };
        await this.sendMessage({ roomId, type: 'livechat-close', text: comment || '', groupable: false, sender, ...('visitor' in closedBy && { token: closed.visitor.token }) });
        await this.fire('IPostLivechatRoomClosed', (await this.port.rooms.getById(roomId)) as ILivechatRoom);
        return true;
    }
}
