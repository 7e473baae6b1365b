import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';

import type { VirtualClock } from './clock';

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

    add(notification: Omit<Notification, 'at'>): void {
        this.items.push({ ...structuredClone(notification), at: this.clock.now() });
    }

    /** What a user saw: notifications to them, and to rooms they are a member of when `roomIds` is given. */
    forUser(userId: string, roomIds: string[] = []): Notification[] {
        return this.items.filter((n) => n.userId === userId || (n.roomId !== undefined && roomIds.includes(n.roomId))).map((n) => structuredClone(n));
    }

    all(): Notification[] {
        return this.items.map((n) => structuredClone(n));
    }
}
