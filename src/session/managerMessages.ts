import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { ROOM_FIELDS } from '../config/ids';
import { serverLanguage } from '../config/readSettings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { translate } from '../lib/i18n';
import { KeyedQueue } from '../lib/keyedQueue';
import { MessageIdKind, messageIdFor } from '../lib/messageIds';
import { isShiftLinkToken } from '../lib/token';
import { Recipient, RepStore } from '../persistence/RepStore';
import { RelayContent } from '../relay/content';
import { notifyUser, postToDm } from '../relay/deliver';
import { managerLanguage } from './livechatRooms';

/** One manager message in a livechat room (from the event or the Omnichannel webhook). */
export interface ManagerMessage {
    /** The livechat message's id: the DM copy's id derives from it, so it is relayed once. */
    id: string;
    agentName: string;
    content: RelayContent;
    /** Told when the relay fails (the event path knows the agent). */
    agent?: IUser;
}

export type ManagerRelayOutcome = { relayed: true } | { relayed: false; reason: string };

// Room → rep, in the order written: a room's messages run one after another in this process.
const rooms = new KeyedQueue();

const field = (room: Pick<ILivechatRoom, 'customFields'>, name: string): string | undefined => {
    const value = room.customFields?.[name];
    return typeof value === 'string' && value !== '' ? value : undefined;
};

/** True for a room ShiftLink opened (its fields) or adopted (its visitor's token), decided with no call. */
export function isShiftLinkRoom(room: Pick<ILivechatRoom, 'customFields' | 'visitor'>): boolean {
    return !!field(room, ROOM_FIELDS.repId) || isShiftLinkToken(room.visitor?.token);
}

/**
 * Where the answer goes. Rooms ShiftLink opened carry it in their custom fields: nothing to read, and the
 * answer still arrives when the session ended a moment before (an answer written as the room closed).
 */
async function recipientOf(ctx: CallContext, room: ILivechatRoom): Promise<Recipient | undefined> {
    const repId = field(room, ROOM_FIELDS.repId);
    const dmRoomId = field(room, ROOM_FIELDS.dmRoomId);
    if (repId && dmRoomId) {
        return { repId, dmRoomId, language: field(room, ROOM_FIELDS.language) ?? 'en' };
    }
    // A room the server opened for the rep's visitor (adopted): its token names the rep.
    const token = room.visitor?.token;
    return token ? new RepStore(ctx.read.getPersistenceReader()).byToken(token) : undefined;
}

/** Relays a manager's message into the rep's DM as the bot, under the manager's name. */
export function relayFromManager(
    ctx: CallContext,
    room: ILivechatRoom,
    message: ManagerMessage,
    onlyIf?: () => Promise<boolean>,
): Promise<ManagerRelayOutcome> {
    // Queued before anything is awaited: the queue's order is the order the events arrived in.
    return rooms.run(room.id, async () => {
        if (onlyIf && !(await onlyIf())) {
            return { relayed: false, reason: 'not relayed by this path' };
        }
        const rep = await recipientOf(ctx, room);
        if (!rep) {
            return { relayed: false, reason: `room ${room.id} is not a ShiftLink room` };
        }
        const messageId = messageIdFor(MessageIdKind.ManagerToRep, message.id);
        const alias = translate(rep.language, 'from_manager_alias', { agent: message.agentName });
        try {
            const delivery = await postToDm(ctx, { dmRoomId: rep.dmRoomId, content: message.content, messageId, alias });
            ctx.logger.debug(`relayed room ${room.id} -> rep ${rep.repId} (${delivery})`);
            return delivery === 'sent' ? { relayed: true } : { relayed: false, reason: 'message id relayed before' };
        } catch (error) {
            ctx.logger.error(`relay of room ${room.id} to rep ${rep.repId} failed: ${errorText(error)}`);
            if (message.agent) {
                // Never silent: the manager learns this answer did not arrive.
                const language = managerLanguage({ servedBy: message.agent }, await serverLanguage(ctx.read));
                await notifyUser(ctx, message.agent, room.id, translate(language, 'relay_failed_manager')).catch(() => undefined);
            }
            return { relayed: false, reason: `delivery failed: ${errorText(error)}` };
        }
    });
}
