/*
 * Ids ShiftLink chooses for the messages it posts. Rocket.Chat stores an app's message under the id it is
 * given (apps/server/converters/messages.js: `_unmappedProperties_` are assigned over the converted
 * message) and refuses a second one with the same id (sendMessage: exists-check, then insertOne into the
 * unique `_id`). Deriving the id from what caused the post makes every relay and notice idempotent across
 * handlers, instances and webhook retries, with no write of ShiftLink's own.
 */

const PREFIX = 'shiftlink';

export const MessageIdKind = {
    /** A rep's DM message, relayed into the livechat room. */
    RepToManager: 'r2m',
    /** A manager's livechat message, relayed into the rep's DM. */
    ManagerToRep: 'm2r',
    /** The goodbye of one session (one per room). */
    Goodbye: 'bye',
    /** "Not delivered" for one rep message. */
    NotDelivered: 'nd',
    /** The idle warning for one silence (room + last activity). */
    Warning: 'warn',
    /** "X kept the conversation open" for one silence (room + last activity). */
    KeptOpen: 'kept',
    /** "Connected" (or "waiting for a shift manager") for one room. */
    Connected: 'hi',
    /** "X joined" / "X took over from Y" for one assignment (room, agent, previous agent, room's last change). */
    Assigned: 'agent',
    /** "Waiting again" after a forward into a queue (room, agent who left, room's last change). */
    Requeued: 'queue',
    /** The manager's first line in a room ShiftLink opened. */
    Intro: 'intro',
} as const;

export type MessageIdKind = (typeof MessageIdKind)[keyof typeof MessageIdKind];

export function messageIdFor(kind: MessageIdKind, ...parts: Array<string | number>): string {
    return [PREFIX, kind, ...parts].join('.');
}

/** The message-builder seed that makes the server keep `id` (the engine's runtime drops `message.id`). */
export function withChosenId<T extends object>(id: string | undefined): T | undefined {
    return id === undefined ? undefined : ({ _unmappedProperties_: { _id: id } } as unknown as T);
}
