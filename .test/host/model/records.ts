import type { IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';
import type { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IUserEmail } from '@rocket.chat/apps-engine/definition/users';

// Stored shapes (the model's "collections"). Bridges and tests get app-shaped copies from views.ts.

export type UserKind = 'user' | 'bot' | 'app';

export interface UserRecord {
    id: string;
    username: string;
    name: string;
    type: UserKind;
    roles: string[];
    status: 'online' | 'offline';
    isEnabled: boolean;
    emails: IUserEmail[];
    appId?: string;
    createdAt: Date;
    updatedAt: Date;
    customFields?: Record<string, unknown>;
}

export type RoomKind = 'd' | 'c' | 'p' | 'l';
export type Closer = 'user' | 'visitor' | 'bot';

export interface RoomRecord {
    id: string;
    type: RoomKind;
    name?: string;
    creatorId?: string;
    userIds: string[];
    createdAt: Date;
    updatedAt: Date;
    /** RC's `lm`: the time of the last message, updated on every message. */
    lastModifiedAt?: Date;
    messageCount: number;
    customFields?: Record<string, unknown>;
    // Livechat ('l') only.
    visitorId?: string;
    departmentId?: string;
    servedById?: string;
    isOpen?: boolean;
    waitingResponse?: boolean;
    closedAt?: Date;
    closer?: Closer;
    closedById?: string;
    source?: Record<string, unknown>;
}

/** Who wrote a message: a user id, or a visitor (RC keeps `u` = {_id, username} for both). */
export interface SenderRef {
    id: string;
    username: string;
    name?: string;
}

export interface MessageRecord {
    id: string;
    roomId: string;
    sender: SenderRef;
    text?: string;
    alias?: string;
    attachments?: IMessageAttachment[];
    /** RC's `t`: set on system messages only (e.g. 'livechat-close'). */
    type?: string;
    createdAt: Date;
    updatedAt: Date;
    editedAt?: Date;
    editorId?: string;
    /** Livechat visitor messages: the visitor's token and id. */
    token?: string;
    visitorId?: string;
    threadId?: string;
    groupable?: boolean;
    avatarUrl?: string;
    emoji?: string;
    customFields?: Record<string, unknown>;
    blocks?: unknown[];
    /** RC's `_hidden` (e.g. a deleted message kept for history): left out of transcripts. */
    hidden?: boolean;
}

export interface VisitorRecord extends IVisitor {
    id: string;
    createdAt: Date;
    updatedAt: Date;
}

export interface DepartmentRecord {
    id: string;
    name: string;
    enabled: boolean;
    agentIds: string[];
    updatedAt: Date;
}

/** The collections every store reads; one instance per ServerModel. */
export class Collections {
    readonly users = new Map<string, UserRecord>();
    readonly rooms = new Map<string, RoomRecord>();
    readonly messages = new Map<string, MessageRecord>();
    /** Message ids per room, in insertion (= time) order. */
    readonly roomMessageIds = new Map<string, string[]>();
    readonly visitors = new Map<string, VisitorRecord>();
    readonly departments = new Map<string, DepartmentRecord>();
    /** Agents' livechat availability (RC's statusLivechat 'available'). */
    readonly onlineAgents = new Set<string>();
}
