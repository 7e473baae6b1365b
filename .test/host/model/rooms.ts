import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { VirtualClock } from './clock';
import { newId } from './ids';
import { defaultRoundTripMs } from './persistence';
import type { Collections, MessageRecord, RoomKind, RoomRecord, SenderRef } from './records';
import { messageView, roomView, userView } from './views';

/** What a new message carries; `sender` is a user id, or a visitor reference for livechat visitor messages. */
export type NewMessage = Omit<MessageRecord, 'id' | 'createdAt' | 'updatedAt' | 'sender'> & { sender: string | SenderRef; id?: string };

/** Types RC's getRoomMessages leaves out of a livechat transcript (other system types stay in). */
const TRANSCRIPT_HIDDEN_TYPES = [
    'livechat_navigation_history',
    'livechat_transcript_history',
    'command',
    'livechat-close',
    'livechat-started',
    'livechat_video_call',
];

/** Called synchronously with each stored message (see RoomsStore.onMessage). */
export type MessageListener = (message: IMessage) => void;

export class RoomsStore {
    /** Real ms of one Mongo round trip between two steps of an operation (see ServerSide.saveMessage). */
    readonly timing = { roundTripMs: defaultRoundTripMs() };
    private readonly messageListeners = new Set<MessageListener>();

    constructor(
        private readonly db: Collections,
        private readonly clock: VirtualClock,
    ) {}

    /** A direct-message room; RC keeps one DM per set of members, so an existing one is returned. */
    createDirect(userIds: string[]): IRoom {
        const members = [...new Set(userIds)].sort();
        const existing = [...this.db.rooms.values()].find((r) => r.type === 'd' && [...r.userIds].sort().join() === members.join());
        return roomView(this.db, existing || this.insertRoom({ type: 'd', userIds: members, creatorId: userIds[0] }));
    }

    createRoom(data: {
        type: RoomKind;
        name?: string;
        creatorId?: string;
        userIds: string[];
        customFields?: Record<string, unknown>;
    }): IRoom {
        return roomView(this.db, this.insertRoom(data));
    }

    insertRoom(data: Partial<RoomRecord> & { type: RoomKind; userIds: string[] }): RoomRecord {
        const now = this.clock.now();
        const record: RoomRecord = { id: newId(), createdAt: now, updatedAt: now, messageCount: 0, ...data };
        this.db.rooms.set(record.id, record);
        this.db.roomMessageIds.set(record.id, []);
        return record;
    }

    getById(id: string): IRoom | undefined {
        const record = this.db.rooms.get(id);
        return record && roomView(this.db, record);
    }

    getByName(name: string): IRoom | undefined {
        const record = [...this.db.rooms.values()].find((r) => r.name === name);
        return record && roomView(this.db, record);
    }

    getDirectByUsernames(usernames: string[]): IRoom | undefined {
        const ids = usernames.map((n) => [...this.db.users.values()].find((u) => u.username === n)?.id);
        if (ids.some((id) => !id)) {
            return undefined;
        }
        const wanted = [...new Set(ids as string[])].sort().join();
        const record = [...this.db.rooms.values()].find((r) => r.type === 'd' && [...r.userIds].sort().join() === wanted);
        return record && roomView(this.db, record);
    }

    getMembers(roomId: string): IUser[] {
        const record = this.db.rooms.get(roomId);
        return (record?.userIds || [])
            .map((id) => this.db.users.get(id))
            .filter((u) => !!u)
            .map((u) => userView(u!));
    }

    roomIdsOf(userId: string): string[] {
        return [...this.db.rooms.values()].filter((r) => r.userIds.includes(userId)).map((r) => r.id);
    }

    getUsernames(roomId: string): string[] {
        return this.getMembers(roomId).map((u) => u.username);
    }

    update(roomId: string, changes: { name?: string; userIds?: string[]; customFields?: Record<string, unknown> }): void {
        const record = this.mustGet(roomId);
        Object.assign(record, {
            ...(changes.name !== undefined && { name: changes.name }),
            ...(changes.userIds && { userIds: [...new Set([...record.userIds, ...changes.userIds])] }),
            ...(changes.customFields && { customFields: structuredClone(changes.customFields) }),
            updatedAt: this.clock.now(),
        });
    }

    remove(roomId: string): void {
        (this.db.roomMessageIds.get(roomId) || []).forEach((id) => this.db.messages.delete(id));
        this.db.roomMessageIds.delete(roomId);
        this.db.rooms.delete(roomId);
    }

    /** Stores a message; like RC it moves the room's `lm` (lastModifiedAt) to the message time. */
    insertMessage(data: NewMessage): IMessage {
        const room = this.mustGet(data.roomId);
        const now = this.clock.now();
        const sender = typeof data.sender === 'string' ? this.senderRef(data.sender) : data.sender;
        // The messages collection's _id is unique: Mongo's insertOne refuses a second message with the same id.
        if (data.id && this.db.messages.has(data.id)) {
            throw new Error(
                `E11000 duplicate key error collection: rocketchat.rocketchat_message index: _id_ dup key: { _id: "${data.id}" }`,
            );
        }
        const record: MessageRecord = { ...structuredClone(data), sender, id: data.id || newId(), createdAt: now, updatedAt: now };
        this.db.messages.set(record.id, record);
        this.db.roomMessageIds.get(room.id)!.push(record.id);
        room.lastModifiedAt = now;
        room.updatedAt = now;
        room.messageCount++;
        this.messageListeners.forEach((listener) => listener(messageView(this.db, record)));
        return messageView(this.db, record);
    }

    /**
     * Calls `listener` synchronously each time a message is stored (before any app event fires for it), so
     * a test or the benchmark can wait for a message at the moment it lands instead of polling. Returns
     * the unsubscribe function.
     */
    onMessage(listener: MessageListener): () => void {
        this.messageListeners.add(listener);
        return () => this.messageListeners.delete(listener);
    }

    /** An edit: new text/attachments, `editedAt` and the editor (RC's `editedAt`/`editedBy`). */
    updateMessage(
        id: string,
        changes: { text?: string; attachments?: MessageRecord['attachments']; customFields?: Record<string, unknown> },
        editorId: string,
    ): IMessage {
        const record = this.db.messages.get(id);
        if (!record) {
            throw new Error(`error-invalid-message: ${id}`);
        }
        const now = this.clock.now();
        Object.assign(record, {
            ...(changes.text !== undefined && { text: changes.text }),
            ...(changes.attachments && { attachments: structuredClone(changes.attachments) }),
            ...(changes.customFields && { customFields: structuredClone(changes.customFields) }),
            editedAt: now,
            editorId,
            updatedAt: now,
        });
        return messageView(this.db, record);
    }

    removeMessage(id: string): void {
        const record = this.db.messages.get(id);
        if (record) {
            this.db.messages.delete(id);
            const ids = this.db.roomMessageIds.get(record.roomId) || [];
            ids.splice(ids.indexOf(id), 1);
        }
    }

    getMessageById(id: string): IMessage | undefined {
        const record = this.db.messages.get(id);
        return record && messageView(this.db, record);
    }

    /** RC's livechat transcript (LivechatTyped.getRoomMessages): a livechat room's messages without these types or hidden ones. */
    getTranscript(roomId: string): IMessage[] {
        if (this.db.rooms.get(roomId)?.type !== 'l') {
            throw new Error('[invalid-room]');
        }
        return (this.db.roomMessageIds.get(roomId) || [])
            .map((id) => this.db.messages.get(id)!)
            .filter((r) => !r.hidden && !TRANSCRIPT_HIDDEN_TYPES.includes(r.type || ''))
            .map((r) => messageView(this.db, r));
    }

    /** Waits one round trip: other calls run meanwhile, as between two Mongo operations of one server call. */
    roundTrip(): Promise<void> {
        const ms = this.timing.roundTripMs;
        return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
    }

    /** A room's messages, oldest first (system messages included; filter on `type` to drop them). */
    getMessages(roomId: string): IMessage[] {
        return (this.db.roomMessageIds.get(roomId) || []).map((id) => messageView(this.db, this.db.messages.get(id)!));
    }

    private senderRef(userId: string): SenderRef {
        const user = this.db.users.get(userId);
        if (!user) {
            throw new Error(`error-invalid-user: ${userId}`);
        }
        return { id: user.id, username: user.username, name: user.name };
    }

    private mustGet(roomId: string): RoomRecord {
        const record = this.db.rooms.get(roomId);
        if (!record) {
            throw new Error(`error-invalid-room: ${roomId}`);
        }
        return record;
    }
}
