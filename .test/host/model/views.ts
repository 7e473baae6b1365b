import type { IDepartment, ILivechatMessage, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom, RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser, UserStatusConnection, UserType } from '@rocket.chat/apps-engine/definition/users';

import type { Collections, DepartmentRecord, MessageRecord, RoomRecord, SenderRef, UserRecord, VisitorRecord } from './records';

// App-shaped copies of stored records, as RC's converters build them for the Apps-Engine. Always fresh
// objects: nothing handed out (to the engine, to the app, to a test) aliases the stored records.

const copy = <T>(value: T): T => (value === undefined ? value : structuredClone(value));

export function userView(u: UserRecord): IUser {
    return {
        id: u.id,
        username: u.username,
        name: u.name,
        type: u.type as UserType,
        roles: [...u.roles],
        status: u.status,
        statusConnection: u.status as UserStatusConnection,
        emails: copy(u.emails),
        isEnabled: u.isEnabled,
        utcOffset: 0,
        createdAt: u.createdAt,
        updatedAt: u.updatedAt,
        lastLoginAt: u.updatedAt,
        ...(u.appId && { appId: u.appId }),
        ...(u.customFields && { customFields: copy(u.customFields) }),
    };
}

/** RC builds a partial user from the message's `u` when the sender is not a user (a livechat visitor). */
function senderView(db: Collections, ref: SenderRef): IUser {
    const user = db.users.get(ref.id);
    return user ? userView(user) : ({ id: ref.id, username: ref.username, name: ref.name } as IUser);
}

export function visitorView(v: VisitorRecord): IVisitor {
    return copy({ ...v });
}

export function departmentView(d: DepartmentRecord): IDepartment {
    return {
        id: d.id,
        name: d.name,
        enabled: d.enabled,
        updatedAt: d.updatedAt,
        numberOfAgents: d.agentIds.length,
        showOnOfflineForm: false,
        showOnRegistration: true,
    };
}

export function roomView(db: Collections, r: RoomRecord): IRoom | ILivechatRoom {
    const members = r.userIds.map((id) => db.users.get(id)).filter((u): u is UserRecord => !!u);
    const creator = r.creatorId ? db.users.get(r.creatorId) : undefined;
    const room: IRoom = {
        id: r.id,
        type: r.type as RoomType,
        slugifiedName: r.name || r.id,
        displayName: r.name,
        creator: creator ? userView(creator) : (undefined as unknown as IUser),
        usernames: members.map((u) => u.username),
        userIds: [...r.userIds],
        messageCount: r.messageCount,
        createdAt: r.createdAt,
        updatedAt: r.updatedAt,
        lastModifiedAt: r.lastModifiedAt,
        ...(r.customFields && { customFields: copy(r.customFields) }),
    };
    if (r.type !== 'l') {
        return room;
    }
    const visitor = r.visitorId ? db.visitors.get(r.visitorId) : undefined;
    const department = r.departmentId ? db.departments.get(r.departmentId) : undefined;
    const servedBy = r.servedById ? db.users.get(r.servedById) : undefined;
    const closedBy = r.closedById ? db.users.get(r.closedById) : undefined;
    const livechat: ILivechatRoom = {
        ...room,
        visitor: visitor ? visitorView(visitor) : (undefined as unknown as IVisitor),
        isOpen: !!r.isOpen,
        isWaitingResponse: !!r.waitingResponse,
        closer: r.closer as ILivechatRoom['closer'],
        ...(department && { department: departmentView(department) }),
        ...(servedBy && { servedBy: userView(servedBy) }),
        ...(r.closedAt && { closedAt: r.closedAt }),
        ...(closedBy && { closedBy: userView(closedBy) }),
        ...(r.source && { source: copy(r.source) as ILivechatRoom['source'] }),
    };
    return livechat;
}

export function messageView(db: Collections, m: MessageRecord): IMessage | ILivechatMessage {
    const room = db.rooms.get(m.roomId);
    const editor = m.editorId ? db.users.get(m.editorId) : undefined;
    const visitor = m.visitorId ? db.visitors.get(m.visitorId) : undefined;
    const message: ILivechatMessage = {
        id: m.id,
        room: room ? roomView(db, room) : (undefined as unknown as IRoom),
        sender: senderView(db, m.sender),
        createdAt: m.createdAt,
        updatedAt: m.updatedAt,
        ...(m.text !== undefined && { text: m.text }),
        ...(m.alias !== undefined && { alias: m.alias }),
        ...(m.attachments && { attachments: copy(m.attachments) }),
        ...(m.type && { type: m.type as IMessage['type'] }),
        ...(m.editedAt && { editedAt: m.editedAt }),
        ...(editor && { editor: userView(editor) }),
        ...(m.token && { token: m.token }),
        ...(visitor && { visitor: visitorView(visitor) }),
        ...(m.threadId && { threadId: m.threadId }),
        ...(m.groupable !== undefined && { groupable: m.groupable }),
        ...(m.avatarUrl && { avatarUrl: m.avatarUrl }),
        ...(m.emoji && { emoji: m.emoji }),
        ...(m.customFields && { customFields: copy(m.customFields) }),
        ...(m.blocks && { blocks: copy(m.blocks) as IMessage['blocks'] }),
    };
    return message;
}
