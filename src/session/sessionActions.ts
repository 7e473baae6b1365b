import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { ROOM_FIELDS } from '../config/ids';
import { serverLanguage } from '../config/readSettings';
import { KeepOpenOutcome, RetryOutcome, SessionActions } from '../handlers/blockAction';
import { HandoverSession } from '../handlers/handover';
import { CallContext } from '../lib/context';
import { translate } from '../lib/i18n';
import { MessageIdKind, messageIdFor } from '../lib/messageIds';
import { isShiftLinkToken } from '../lib/token';
import { inNoticeOrder, tellRep } from '../notices/repNotices';
import { Rep, RepStore } from '../persistence/RepStore';
import { EndReason } from '../persistence/SessionConcerns';
import { appUser, postBotNote } from '../relay/deliver';
import { lastActivity } from './lastActivity';
import { close, sessionOfRoom } from './lifecycle';
import { managerLanguage, readLivechatRoom } from './livechatRooms';
import { relayFromRep } from './repMessages';
import { displayName } from '../lib/displayName';

// What the handover handlers and the buttons ask of a session, over the lifecycle (its one owner).

/** A "Keep it open" click this soon after the room's last activity changes nothing worth a note. */
const REPEAT_CLICK_MS = 30_000;

const repByToken = (ctx: CallContext, room: ILivechatRoom): Promise<Rep | undefined> | undefined => {
    const token = room.visitor?.token;
    return isShiftLinkToken(token) ? new RepStore(ctx.read.getPersistenceReader()).byToken(token) : undefined;
};

export function handoverSession(ctx: CallContext): HandoverSession<Rep> {
    return {
        // The visitor token is ShiftLink's own: it identifies the room even before the session is stored.
        repOfRoom: async (room) => repByToken(ctx, room),
        tellRep: async (rep, key, vars, messageId) => void (await tellRep(ctx, rep, key, { vars, messageId })),
    };
}

/**
 * Runs a room event's notice after the notices earlier events of the same room queued (the opening
 * "connected"/"waiting" first, then "joined"); queued before anything is awaited.
 */
export function inRoomNoticeOrder(room: ILivechatRoom, task: () => Promise<void>): Promise<void> {
    const token = room.visitor?.token;
    return isShiftLinkToken(token) ? inNoticeOrder(token, task) : Promise.resolve();
}

export function sessionActions(ctx: CallContext): SessionActions {
    // The session of `roomId` when `repId` is its rep and its room is still open (a card may be old).
    const openSessionOf = async (roomId: string, repId: string) => {
        const session = roomId ? await sessionOfRoom(ctx, roomId) : undefined;
        const room = session && session.repId === repId ? await readLivechatRoom(ctx, roomId) : undefined;
        return session && room?.isOpen ? { session, room } : undefined;
    };
    return {
        keepOpen: (roomId, user) => keepOpen(ctx, roomId, user),
        endable: async (roomId, rep) => {
            const open = await openSessionOf(roomId, rep.id);
            return open && { managerName: open.room.servedBy ? displayName(open.room.servedBy) : undefined };
        },
        end: async (roomId, rep) => {
            const open = await openSessionOf(roomId, rep.id);
            return !!open && close(ctx, open.session, EndReason.Rep, (language) => translate(language, 'closed_by_rep_comment'));
        },
        retry: (messageId, rep) => retry(ctx, messageId, rep),
    };
}

/**
 * The idle clock is the livechat room's last-message time (`lm`), so a click is recorded where that clock
 * reads: a short note by ShiftLink in the room. The manager sees who kept it open, the next idle check
 * finds the new activity (on any instance), and no second clock has to be kept in step with the first.
 * One note per silence: the note's id names the silence (room + last activity), so a double click, or both
 * parties clicking, posts it once on any instance; a click just after any activity posts nothing, the
 * close being a (nearly) full timeout away already.
 */
async function keepOpen(ctx: CallContext, roomId: string, user: IUser): Promise<KeepOpenOutcome> {
    const room = roomId ? await readLivechatRoom(ctx, roomId) : undefined;
    const session = room && room.type === RoomType.LIVE_CHAT && room.isOpen ? await sessionOfRoom(ctx, roomId) : undefined;
    if (!room || !session) {
        return 'closed';
    }
    const isManager = room.servedBy?.id === user.id;
    // A room the server opened and ShiftLink adopted has no fields: its visitor token names the rep.
    const rep = await repByToken(ctx, room);
    const isRep = room.customFields?.[ROOM_FIELDS.repId] === user.id || rep?.repId === user.id;
    if (!isManager && !isRep) {
        return 'not-a-party';
    }
    const activity = lastActivity(session, room).getTime();
    if (Date.now() - activity < REPEAT_CLICK_MS) {
        return 'kept';
    }
    const name = displayName(user);
    const note = await postBotNote(ctx, {
        roomId: room.id,
        text: translate(managerLanguage(room, await serverLanguage(ctx.read)), 'kept_open', { name }),
        messageId: messageIdFor(MessageIdKind.KeptOpen, room.id, activity),
    });
    if (note === 'sent' && isManager && rep) {
        await tellRep(ctx, rep, 'kept_open', { vars: { name } });
    }
    ctx.logger.info(`room ${room.id} kept open by ${isManager ? 'its manager' : 'its rep'} ${user.id}`);
    return 'kept';
}

/**
 * "Try again" under a not-delivered notice: the rep's own message, still in their DM with the bot, goes
 * the ordinary way again. Its relayed copy's id derives from the DM message, so a second click (or a
 * click after catch-up relayed it) posts nothing twice.
 */
async function retry(ctx: CallContext, messageId: string, rep: IUser): Promise<RetryOutcome> {
    const message = messageId ? await ctx.read.getMessageReader().getById(messageId) : undefined;
    const botId = (await appUser(ctx)).id;
    const inBotDm = message?.room.type === RoomType.DIRECT_MESSAGE && (message.room.userIds ?? []).indexOf(botId) !== -1;
    if (!message || !message.id || message.sender.id !== rep.id || !inBotDm) {
        return 'nothing-to-retry';
    }
    const outcome = await relayFromRep(
        ctx,
        rep,
        message.room.id,
        { id: message.id, content: { text: message.text, attachments: message.attachments } },
        { checkRelayed: true },
    );
    if (outcome.relayed) {
        return 'sent';
    }
    // Its not-delivered notice exists already (same id): the click is answered instead.
    return outcome.reason === 'message id relayed before' ? 'nothing-to-retry' : 'not-delivered';
}
