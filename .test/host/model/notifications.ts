import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import type { VirtualClock } from './clock';
import { newId } from './ids';

export interface Notification {
    /** Set for notifyUser: the one user who sees it. */
    userId?: string;
    /** Set for notifyRoom: everyone in the room sees it. */
    roomId?: string;
    appId: string;
    message: IMessage;
    at: Date;
}

/** Ephemeral messages (RC's notifier): shown to a user, never stored as room messages. */
export class NotificationsStore {
    private readonly items: Notification[] = [];

    constructor(private readonly clock: VirtualClock) {}

    /** The message gets an id when the app gave none: the client keys ephemeral messages (and button clicks on them) by one. */
    add(notification: Omit<Notification, 'at'>): void {
        const copy = structuredClone(notification);
        copy.message.id ??= newId();
        this.items.push({ ...copy, at: this.clock.now() });
    }

    /** What a user saw: notifications to them, and to rooms they are a member of when `roomIds` is given. */
    forUser(userId: string, roomIds: string[] = []): Notification[] {
        return this.items
            .filter((n) => n.userId === userId || (n.roomId !== undefined && roomIds.includes(n.roomId)))
            .map((n) => structuredClone(n));
    }

    all(): Notification[] {
        return this.items.map((n) => structuredClone(n));
    }
}
