import type { IMessageRaw } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { RoomBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { GetMessagesOptions } from '@rocket.chat/apps-engine/server/bridges/RoomBridge';

import type { HostContext } from './context';

/** RC's AppRoomBridge over the model. Discussions, roles in rooms and unread counts are not modelled. */
export abstract class HostRoomBridge extends RoomBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async create(room: IRoom, members: string[]): Promise<string> {
        const userIds = await this.idsOf([...(room.creator ? [room.creator.username] : []), ...members]);
        if (room.type === 'd') {
            return (await this.ctx.port.rooms.createDirect(userIds)).id;
        }
        const type = room.type === 'p' ? 'p' : 'c';
        const created = await this.ctx.port.rooms.createRoom({
            type,
            name: room.slugifiedName || room.displayName,
            creatorId: room.creator?.id,
            userIds,
            customFields: room.customFields,
        });
        return created.id;
    }

    protected async getById(roomId: string): Promise<IRoom> {
        return (await this.ctx.port.rooms.getById(roomId)) as IRoom;
    }

    protected async getByName(roomName: string): Promise<IRoom> {
        return (await this.ctx.port.rooms.getByName(roomName)) as IRoom;
    }

    protected async getCreatorById(roomId: string): Promise<IUser | undefined> {
        return (await this.ctx.port.rooms.getById(roomId))?.creator;
    }

    protected async getCreatorByName(roomName: string): Promise<IUser | undefined> {
        return (await this.ctx.port.rooms.getByName(roomName))?.creator;
    }

    protected async getDirectByUsernames(usernames: string[]): Promise<IRoom | undefined> {
        return this.ctx.port.rooms.getDirectByUsernames(usernames);
    }

    protected async getMembers(roomId: string): Promise<IUser[]> {
        return this.ctx.port.rooms.getMembers(roomId);
    }

    protected async update(room: IRoom, members: string[]): Promise<void> {
        await this.ctx.port.rooms.update(room.id, {
            name: room.displayName,
            userIds: await this.idsOf(members),
            customFields: room.customFields,
        });
    }

    protected async delete(roomId: string): Promise<void> {
        await this.ctx.port.rooms.remove(roomId);
    }

    /** Oldest first unless sorted otherwise; threads are listed only with showThreadMessages (RC's default: true). */
    protected async getMessages(roomId: string, options: Partial<GetMessagesOptions>): Promise<IMessageRaw[]> {
        let messages = await this.ctx.port.rooms.getMessages(roomId);
        if (options.showThreadMessages === false) {
            messages = messages.filter((m) => !m.threadId);
        }
        if (options.sort?.createdAt === 'desc') {
            messages.reverse();
        }
        const skip = options.skip || 0;
        return messages.slice(skip, options.limit ? skip + options.limit : undefined).map((m): IMessageRaw => ({
            id: m.id!,
            roomId,
            sender: { _id: m.sender.id, username: m.sender.username, name: m.sender.name },
            createdAt: m.createdAt!,
            updatedAt: m.updatedAt,
            text: m.text,
            alias: m.alias,
            attachments: m.attachments,
            threadId: m.threadId,
            editedAt: m.editedAt,
            ...(m.editor && { editor: { _id: m.editor.id, username: m.editor.username } }),
            customFields: m.customFields,
        }));
    }

    private async idsOf(usernames: string[]): Promise<string[]> {
        const users = await Promise.all([...new Set(usernames)].map((u) => this.ctx.port.users.getByUsername(u)));
        return users.filter((u): u is IUser => !!u).map((u) => u.id);
    }
}
