import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { findRole, userHasRole } from '../access/allowedRole';
import { serverLanguage, stringSetting } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { languageOf, translate } from '../lib/i18n';
import { KeyedQueue } from '../lib/keyedQueue';
import { MessageIdKind, messageIdFor } from '../lib/messageIds';
import { noManagerBlocks } from '../notices/blocks';
import { tellRep } from '../notices/repNotices';
import { Recipient, RepStore } from '../persistence/RepStore';
import { Session } from '../persistence/SessionStore';
import { RelayContent } from '../relay/content';
import { appUser, findMessage, postAsVisitor } from '../relay/deliver';
import { end, open, retireStray, sessionsOf } from './lifecycle';
import { managerLanguage, readLivechatRoom } from './livechatRooms';

/** One message a rep wrote in the DM (or that the outgoing webhook reported). */
export interface RepMessage {
    /** The DM message's id: the relayed copy's id derives from it, so it is relayed once. */
    id: string;
    content: RelayContent;
    createdAt?: Date;
}

export type RepRelayOutcome = { relayed: true } | { relayed: false; reason: string };

// Rep → room, in the order written: a rep's messages run one after another in this process.
const reps = new KeyedQueue();
// The room each rep's last message went to: read in parallel with the session, verified against it.
const roomHints = new Map<string, string>();
const MAX_HINTS = 50_000;

function remember(repId: string, roomId: string): void {
    if (roomHints.size >= MAX_HINTS && !roomHints.has(repId)) {
        roomHints.clear(); // a hint is an optimisation: losing them all costs one extra read per rep
    }
    roomHints.set(repId, roomId);
}

export const relayedIdOf = (dmMessageId: string) => messageIdFor(MessageIdKind.RepToManager, dmMessageId);

async function exists(ctx: CallContext, messageId: string): Promise<boolean> {
    return !!(await findMessage(ctx, messageId));
}

/**
 * Relays a rep's message into their open livechat room, opening a session when there is none. Steady
 * state: one stage of reads in parallel (the session, the hinted room), then the post.
 */
export function relayFromRep(
    ctx: CallContext,
    repUser: IUser,
    dmRoomId: string,
    message: RepMessage,
    options: { checkRelayed?: boolean; late?: boolean; onlyIf?: () => Promise<boolean> } = {},
): Promise<RepRelayOutcome> {
    // Queued before anything is awaited: the queue's order is the order the events arrived in.
    return reps.run(repUser.id, async () => {
        if (options.onlyIf && !(await options.onlyIf())) {
            return { relayed: false, reason: 'not relayed by this path' };
        }
        const messageId = relayedIdOf(message.id);
        if (options.checkRelayed && (await exists(ctx, messageId))) {
            return { relayed: false, reason: 'message id relayed before' };
        }
        const hint = roomHints.get(repUser.id);
        const [sessions, hinted] = await Promise.all([sessionsOf(ctx, repUser.id), hint ? readLivechatRoom(ctx, hint) : undefined]);
        for (const session of sessions) {
            const room = hinted?.id === session.roomId ? hinted : await readLivechatRoom(ctx, session.roomId);
            // A visitor message into a closed room makes the server silently open a new one: never post there.
            if (room?.isOpen) {
                return deliver(ctx, session, room, message, messageId, options.late);
            }
            ctx.logger.info(`room ${session.roomId} was closed behind ShiftLink's back; session of rep ${repUser.id} ended`);
            await end(ctx, session);
        }
        return startSession(ctx, repUser, dmRoomId, message, messageId, options.late);
    });
}

async function deliver(
    ctx: CallContext,
    session: Session,
    room: ILivechatRoom,
    message: RepMessage,
    messageId: string,
    late?: boolean,
): Promise<RepRelayOutcome> {
    const content = late ? markedLate(message, managerLanguage(room, await serverLanguage(ctx.read))) : message.content;
    try {
        const delivery = await postAsVisitor(ctx, { room, visitor: session.visitor, content, messageId });
        remember(session.repId, room.id);
        ctx.logger.debug(`relayed rep ${session.repId} -> room ${room.id} (${delivery})`);
        return delivery === 'sent' ? { relayed: true } : { relayed: false, reason: 'message id relayed before' };
    } catch (error) {
        // Never silent: the rep learns this one did not arrive (once, whoever else tries it).
        ctx.logger.error(`relay of rep ${session.repId} into room ${room.id} failed: ${errorText(error)}`);
        await tellRep(ctx, session, 'delivery_failed', { messageId: messageIdFor(MessageIdKind.NotDelivered, message.id) });
        return { relayed: false, reason: `delivery failed: ${errorText(error)}` };
    }
}

/** A message relayed after an outage says so, with the time the rep wrote it. */
function markedLate(message: RepMessage, language: string): RelayContent {
    const written = (message.createdAt ?? new Date()).toISOString().slice(11, 16);
    const prefix = translate(language, 'late_prefix', { time: `${written} UTC` });
    return { ...message.content, text: `${prefix} ${message.content.text ?? ''}`.trim() };
}

/** The setting holds a role name or id; `roles` on a user holds ids (equal to the name for built-in roles). */
async function hasAllowedRole(ctx: CallContext, user: IUser, nameOrId: string): Promise<boolean> {
    const appId = (await appUser(ctx)).appId;
    const role = appId ? await findRole(ctx.read, appId, nameOrId) : undefined;
    return role ? userHasRole(user, role) : (user.roles ?? []).indexOf(nameOrId) !== -1;
}

async function startSession(
    ctx: CallContext,
    repUser: IUser,
    dmRoomId: string,
    message: RepMessage,
    messageId: string,
    late?: boolean,
): Promise<RepRelayOutcome> {
    const recipient: Recipient = { repId: repUser.id, language: languageOf(repUser, await serverLanguage(ctx.read)), dmRoomId };
    const notDelivered = messageIdFor(MessageIdKind.NotDelivered, message.id);
    const allowedRole = (await stringSetting(ctx.read, SettingId.AllowedRole)).trim();
    if (allowedRole !== '' && !(await hasAllowedRole(ctx, repUser, allowedRole))) {
        // Checked before anything is stored: a refused user leaves no record behind.
        ctx.logger.info(`user ${repUser.id} lacks role ${allowedRole}; no session opened`);
        await tellRep(ctx, recipient, 'not_allowed', { messageId: notDelivered });
        return { relayed: false, reason: 'user lacks the allowed role' };
    }
    const rep = await new RepStore(ctx.read.getPersistenceReader()).register(ctx.persistence, recipient);
    const opened = await open(ctx, rep, repUser);
    if ('failure' in opened) {
        const vars = opened.department ? { department: opened.department.name ?? opened.department.id } : undefined;
        const configured = opened.failure === 'no_manager' ? await stringSetting(ctx.read, SettingId.NoManagerText) : '';
        // "Try again" only where waiting helps (nobody online); its value is the rep's own DM message.
        const blocks = opened.failure === 'no_manager' ? (builder: BlockBuilder) => noManagerBlocks(builder, rep, message.id) : undefined;
        await tellRep(ctx, rep, opened.failure, { vars, configured, messageId: notDelivered, blocks });
        return { relayed: false, reason: opened.failure.replace('_', ' ') };
    }
    const outcome = await deliver(ctx, opened.session, opened.room, message, messageId, late);
    if (outcome.relayed) {
        await followIfRetired(ctx, opened.session, message, messageId);
    }
    return outcome;
}

/**
 * A first message can land in a duplicate room that another instance retires at that moment: closed,
 * its messages carried over, and this one inserted just after the carry-over read them (the server
 * checks the room is open, then inserts). Checked after the post: when the room's session is gone, the
 * message is carried into the surviving room under the same id the retirer would use (kept once).
 */
async function followIfRetired(ctx: CallContext, session: Session, message: RepMessage, messageId: string): Promise<void> {
    const sessions = await sessionsOf(ctx, session.repId);
    const winner = sessions.find((s) => s.roomId !== session.roomId);
    if (sessions.some((s) => s.roomId === session.roomId) || !winner) {
        return;
    }
    const room = await readLivechatRoom(ctx, winner.roomId);
    if (room?.isOpen) {
        const moved = messageIdFor(MessageIdKind.RepToManager, 'moved', messageId);
        await postAsVisitor(ctx, { room, visitor: winner.visitor, content: message.content, messageId: moved });
    }
    // Posted after the close: the server put the message into a room it opened for it.
    const landed = (await findMessage(ctx, messageId))?.room?.id;
    if (landed && landed !== session.roomId && landed !== winner.roomId) {
        ctx.logger.info(
            `message of rep ${session.repId} landed in room ${landed} the server opened after room ${session.roomId} was retired`,
        );
        await retireStray(ctx, landed, winner);
    }
}

const CATCH_UP_WINDOW = 50;
const CATCH_UP_MAX_AGE_MS = 24 * 60 * 60_000;

/**
 * After an outage (app disabled, restarting, runtime stalled) the rep's DM holds messages no event
 * relayed. Walking back from the newest, everything the rep wrote after ShiftLink's last trace (a bot
 * post, or a rep message that was relayed or answered "not delivered") is relayed now, oldest first and
 * marked as late. Only messages written before `enabledAt` count: later ones arrive as live events, and
 * one caught up while its event is still on its way would be marked late for nothing. Reads only: the
 * relayed copies' ids make a second catch-up, or a live event for the same message, a no-op.
 */
export async function catchUp(ctx: CallContext, rep: Recipient, botId: string, enabledAt: Date): Promise<number> {
    const recent = await ctx.read.getRoomReader().getMessages(rep.dmRoomId, { limit: CATCH_UP_WINDOW, sort: { createdAt: 'desc' } });
    const since = Date.now() - CATCH_UP_MAX_AGE_MS;
    const missed: typeof recent = [];
    for (const message of recent) {
        const { t, type } = message as { t?: string; type?: string };
        const writtenAt = new Date(message.createdAt).getTime();
        if (writtenAt >= enabledAt.getTime()) {
            continue;
        }
        if (message.sender?._id === botId || writtenAt < since) {
            break;
        }
        if (message.sender?._id !== rep.repId || t || type || message.editedAt) {
            continue;
        }
        const traces = await Promise.all([
            exists(ctx, relayedIdOf(message.id)),
            exists(ctx, messageIdFor(MessageIdKind.NotDelivered, message.id)),
        ]);
        if (traces.some(Boolean)) {
            break;
        }
        missed.push(message);
    }
    if (missed.length === 0) {
        return 0;
    }
    const repUser = await ctx.read.getUserReader().getById(rep.repId);
    if (!repUser) {
        return 0;
    }
    let relayed = 0;
    for (const message of missed.reverse()) {
        const content = { text: message.text, attachments: message.attachments };
        const outcome = await relayFromRep(
            ctx,
            repUser,
            rep.dmRoomId,
            { id: message.id, content, createdAt: new Date(message.createdAt) },
            { late: true, checkRelayed: true },
        );
        relayed += outcome.relayed ? 1 : 0;
    }
    ctx.logger.info(`caught up ${relayed} message(s) rep ${rep.repId} wrote while ShiftLink was away`);
    return relayed;
}
