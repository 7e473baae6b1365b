import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { Session } from '../persistence/SessionStore';

/**
 * The last message on either side. Every relayed message lands in the livechat room (the rep's as the
 * visitor, the manager's directly), so the room's last-message time is the session's activity clock and
 * relaying needs no write of its own. Warnings go out as notifications, which do not touch it.
 */
export function lastActivity(session: Session, room: ILivechatRoom): Date {
    // `updatedAt` only where a server does not expose `lastModifiedAt` (the room's `lm`).
    const lastMessageAt = new Date(room.lastModifiedAt ?? room.updatedAt ?? 0).getTime();
    return new Date(Math.max(session.openedAt, Number.isFinite(lastMessageAt) ? lastMessageAt : 0));
}
