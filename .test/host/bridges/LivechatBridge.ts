import type { IExtraRoomParams } from '@rocket.chat/apps-engine/definition/accessors/ILivechatCreator';
import type { IDepartment, ILivechatMessage, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { LivechatBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { HostContext } from './context';
import { chosenId } from './MessageBridge';

/**
 * RC's AppLivechatBridge (apps/meteor/app/apps/server/bridges/livechat.ts). Not modelled: the sync
 * isOnline (deprecated), transfers, visitor external ids, contacts.
 */
export abstract class HostLivechatBridge extends LivechatBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async isOnlineAsync(departmentId?: string): Promise<boolean> {
        return this.ctx.port.livechat.isOnline(departmentId);
    }

    /**
     * A message as the visitor (RC: converter, then LivechatTyped.sendMessage): a room that no longer exists
     * fails in the converter; into a closed room RC silently starts a new room; another visitor's open room is
     * refused (see ServerSide). A chosen `id` that exists already makes RC's sendMessage return nothing, and
     * LivechatTyped then fails assigning to it.
     */
    protected async createMessage(message: ILivechatMessage, appId: string): Promise<string> {
        if (!message.token) {
            throw new Error('Invalid token for livechat message');
        }
        if (!message.room?.id || !(await this.ctx.port.rooms.getById(message.room.id))) {
            throw new Error('Invalid room provided on the message.');
        }
        const stored = await this.ctx.server.sendVisitorMessage(
            {
                ...chosenId(message),
                roomId: message.room.id,
                token: message.token,
                text: message.text,
                alias: message.alias,
                attachments: message.attachments,
                customFields: message.customFields,
            },
            { type: 'app', id: appId, alias: this.ctx.instance.appName(appId) },
        );
        if (!stored) {
            throw new TypeError('Cannot convert undefined or null to object');
        }
        return stored.id!;
    }

    protected async getMessageById(messageId: string): Promise<ILivechatMessage> {
        return (await this.ctx.port.rooms.getMessageById(messageId)) as ILivechatMessage;
    }

    protected async updateMessage(message: ILivechatMessage): Promise<void> {
        await this.ctx.server.editMessage(message.id!, { text: message.text, attachments: message.attachments }, message.sender.id);
    }

    /** Deprecated in RC but still there: same registration as createAndReturnVisitor, returns the id. */
    protected async createVisitor(visitor: IVisitor): Promise<string> {
        return (await this.ctx.port.livechat.registerVisitor(visitor)).id!;
    }

    protected async createAndReturnVisitor(visitor: IVisitor): Promise<IVisitor | undefined> {
        return this.ctx.port.livechat.registerVisitor(visitor);
    }

    protected async findVisitors(query: object): Promise<IVisitor[]> {
        return this.ctx.port.livechat.findVisitors(query as Record<string, unknown>);
    }

    protected async findVisitorById(id: string): Promise<IVisitor | undefined> {
        return this.ctx.port.livechat.findVisitorById(id);
    }

    protected async findVisitorByEmail(email: string): Promise<IVisitor | undefined> {
        return this.ctx.port.livechat.findVisitorByEmail(email);
    }

    protected async findVisitorByToken(token: string): Promise<IVisitor | undefined> {
        return this.ctx.port.livechat.findVisitorByToken(token);
    }

    protected async findVisitorByPhoneNumber(phoneNumber: string): Promise<IVisitor | undefined> {
        return this.ctx.port.livechat.findVisitorByPhoneNumber(phoneNumber);
    }

    /**
     * The department is the one on the visitor object (RC never takes it as an argument); the agent is
     * optional. Throws 'no-agent-online'; never deduplicates (an app must look with findRooms first).
     */
    protected async createRoom(
        visitor: IVisitor,
        agent: IUser | undefined,
        appId: string,
        extraParams: IExtraRoomParams = {},
    ): Promise<ILivechatRoom> {
        if (agent?.id && !(await this.ctx.port.users.getById(agent.id))) {
            throw new Error(`The agent with id "${agent.id}" was not found.`);
        }
        const stored = visitor.id
            ? await this.ctx.port.livechat.findVisitorById(visitor.id)
            : await this.ctx.port.livechat.findVisitorByToken(visitor.token);
        if (!stored) {
            throw new Error('error-invalid-visitor');
        }
        // RC converts the app's visitor object: its department wins over the stored one. QueueManager looks it
        // up by id only (checkOnlineForDepartment): a name or an unknown id finds no online agent.
        const department = visitor.department ? await this.ctx.port.livechat.findDepartmentById(visitor.department) : undefined;
        if (visitor.department && !department) {
            throw new Error('Sorry, no online agents [no-agent-online]');
        }
        const guest = { ...stored, department: department?.id };
        const source = { ...(extraParams.source || {}), type: 'app', id: appId, alias: this.ctx.instance.appName(appId) };
        return this.ctx.server.startLivechat(guest, { agentId: agent?.id, source, customFields: extraParams.customFields });
    }

    /**
     * No closer: RC records the visitor as the one who closed. RC judges openness by the room object the app
     * passes (LivechatTyped.doCloseRoom checks `room.open` of that object), see LivechatStore.closeRoom.
     */
    protected async closeRoom(room: ILivechatRoom, comment: string, closer: IUser | undefined): Promise<boolean> {
        return this.ctx.server.closeLivechat(room.id, comment, closer ? { userId: closer.id } : { visitor: true }, !!room.isOpen);
    }

    protected async countOpenRoomsByAgentId(agentId: string): Promise<number> {
        return (await this.ctx.port.livechat.findOpenRoomsByAgentId(agentId)).length;
    }

    protected async findOpenRoomsByAgentId(agentId: string): Promise<ILivechatRoom[]> {
        return this.ctx.port.livechat.findOpenRoomsByAgentId(agentId);
    }

    /** RC returns the visitor's OPEN rooms only (by token), optionally in one department. */
    protected async findRooms(visitor: IVisitor, departmentId: string | null): Promise<ILivechatRoom[]> {
        return visitor ? this.ctx.port.livechat.findOpenRooms(visitor.token, departmentId) : [];
    }

    protected async findDepartmentByIdOrName(value: string): Promise<IDepartment | undefined> {
        return this.ctx.port.livechat.findDepartmentByIdOrName(value);
    }

    protected async findDepartmentsEnabledWithAgents(): Promise<IDepartment[]> {
        return this.ctx.port.livechat.findDepartmentsEnabledWithAgents();
    }

    protected async _fetchLivechatRoomMessages(_appId: string, roomId: string): Promise<IMessage[]> {
        return this.ctx.port.rooms.getTranscript(roomId);
    }

    protected async setCustomFields(data: { token: string; key: string; value: string; overwrite: boolean }): Promise<number> {
        return this.ctx.port.livechat.setVisitorCustomField(data.token, data.key, data.value, data.overwrite);
    }
}
