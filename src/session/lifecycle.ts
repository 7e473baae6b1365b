import { IDepartment, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { ProcessorId, ROOM_FIELDS } from '../config/ids';
import { idlePolicy, serverLanguage, stringSetting } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { translate } from '../lib/i18n';
import { firstCheckAt } from '../lib/idlePolicy';
import { KeyedQueue } from '../lib/keyedQueue';
import { MessageIdKind, messageIdFor } from '../lib/messageIds';
import { inNoticeOrder, tellRep } from '../notices/repNotices';
import { Rep } from '../persistence/RepStore';
import { EndReason, SessionConcerns } from '../persistence/SessionConcerns';
import { Session, SessionStore, VisitorRef } from '../persistence/SessionStore';
import { hasContent } from '../relay/content';
import { postAsVisitor, postBotNote } from '../relay/deliver';
import { closeRoomAsApp, managerLanguage, readLivechatRoom } from './livechatRooms';
import { displayName } from '../lib/displayName';

/*
 * The one owner of a session's lifecycle: open, adopt, arm, close (with a reason), end, retire, abandon.
 * Every exit runs `finish`: read why, remove the record, remove its concerns and cancel its job, then
 * (for a real end) the goodbye. The server's removes are not atomic, so two exits may both run `finish`:
 * each step is harmless twice, and the goodbye's message id makes the server keep one.
 */

const NO_AGENT_ONLINE = 'no-agent-online';
const INVALID_DEPARTMENT = 'error-invalid-department';
const SCHEDULE_ATTEMPTS = 3;

const stores = (ctx: CallContext) => ({
    sessions: new SessionStore(ctx.read.getPersistenceReader()),
    concerns: new SessionConcerns(ctx.read.getPersistenceReader()),
});

// One arm at a time per room in this process: two arms never leave two pending jobs here.
const arming = new KeyedQueue();

/**
 * Gives the session one pending idle-check job due at `at`, replacing its previous one. The server's
 * scheduler returns undefined instead of throwing when it fails: retried, then left to the sweep (logged).
 */
export function arm(ctx: CallContext, session: Pick<Session, 'roomId'>, at: Date): Promise<boolean> {
    return arming.run(session.roomId, async () => {
        const { sessions, concerns } = stores(ctx);
        const scheduler = ctx.modify.getScheduler();
        let jobId: string | undefined;
        for (let attempt = 1; attempt <= SCHEDULE_ATTEMPTS && !jobId; attempt++) {
            jobId =
                (await scheduler
                    .scheduleOnce({ id: ProcessorId.IdleCheck, when: at, data: { roomId: session.roomId } })
                    .catch(() => undefined)) || undefined;
        }
        if (!jobId) {
            ctx.logger.error(
                `idle check of room ${session.roomId} could not be scheduled (${SCHEDULE_ATTEMPTS} attempts); the sweep will look at it`,
            );
            return false;
        }
        const previous = await concerns.job(session.roomId);
        await concerns.setJob(ctx.persistence, session.roomId, { jobId, due: at.getTime() });
        if (previous && previous.jobId !== jobId) {
            // A job id, never the processor id: that would cancel every session's job.
            await scheduler.cancelJob(previous.jobId);
        }
        if ((await concerns.job(session.roomId))?.jobId !== jobId) {
            // Another instance armed the same room meanwhile and its write won: its job is the one.
            await scheduler.cancelJob(jobId);
            return true;
        }
        if (!(await sessions.ofRoom(session.roomId))) {
            // Ended meanwhile: the new job would have no session to check.
            await concerns.removeAll(ctx.persistence, session.roomId);
            await scheduler.cancelJob(jobId);
            return false;
        }
        return true;
    });
}

/** Stores a session for an open room (opened by ShiftLink or by the server) and arms its first check. */
async function record(ctx: CallContext, rep: Rep, room: ILivechatRoom, visitor: VisitorRef, departmentId: string): Promise<Session> {
    const existing = await stores(ctx).sessions.ofRoom(room.id);
    if (existing) {
        return existing;
    }
    // The server's creation time orders concurrent duplicates the same way on every instance.
    const openedAt = room.createdAt ? new Date(room.createdAt) : new Date();
    const session: Session = {
        repId: rep.repId,
        language: rep.language,
        dmRoomId: rep.dmRoomId,
        roomId: room.id,
        departmentId,
        visitor,
        openedAt: openedAt.getTime(),
    };
    await stores(ctx).sessions.create(ctx.persistence, session);
    await arm(ctx, session, firstCheckAt(await idlePolicy(ctx.read), openedAt));
    return session;
}

const visitorRef = (visitor: IVisitor): VisitorRef => ({
    id: visitor.id as string,
    token: visitor.token,
    username: visitor.username,
    name: visitor.name,
});

/** A room with the rep's visitor that ShiftLink did not open (a post raced a close): it becomes the session. */
export async function adopt(ctx: CallContext, rep: Rep, room: ILivechatRoom): Promise<Session> {
    const session = await record(ctx, rep, room, visitorRef(room.visitor), room.department?.id ?? '');
    if (!(await readLivechatRoom(ctx, room.id))?.isOpen) {
        // Retired as a stray (retireStray) before this adoption stored it: no session for a closed room.
        await finish(ctx, session, false);
        return session;
    }
    ctx.logger.info(`room ${room.id} of rep ${rep.repId} adopted as a session`);
    return session;
}

/**
 * A post into a duplicate room retired at that moment finds it closed, and the server opens a new room
 * for it (a stray, maybe adopted meanwhile): the stray is retired into the winner like the duplicate.
 */
export async function retireStray(ctx: CallContext, roomId: string, winner: Session): Promise<void> {
    const stray = (await stores(ctx).sessions.ofRoom(roomId)) ?? { ...winner, roomId };
    await retire(ctx, stray, winner);
}

/** The ordered exit every end runs; `goodbye` false for rooms that were never the rep's conversation. */
async function finish(ctx: CallContext, session: Session, goodbye: boolean): Promise<void> {
    const { sessions, concerns } = stores(ctx);
    // Read first: a second, concurrent finish must still say the right reason (its goodbye is dropped anyway).
    const ending = await concerns.ending(session.roomId);
    await sessions.remove(ctx.persistence, session);
    const { jobId } = await concerns.removeAll(ctx.persistence, session.roomId);
    if (jobId) {
        await ctx.modify
            .getScheduler()
            .cancelJob(jobId)
            .catch((error) => ctx.logger.error(`could not cancel job ${jobId}: ${errorText(error)}`));
    }
    if (!goodbye) {
        return;
    }
    const messageId = messageIdFor(MessageIdKind.Goodbye, session.roomId);
    const delivery = await tellGoodbye(ctx, session, ending, messageId);
    if (delivery === 'sent') {
        ctx.logger.info(`session ended: room ${session.roomId}, rep ${session.repId}, reason ${ending ?? 'closed by server or agent'}`);
    }
}

async function tellGoodbye(ctx: CallContext, session: Session, reason: EndReason | undefined, messageId: string) {
    switch (reason) {
        case EndReason.Idle: {
            const minutes = (await idlePolicy(ctx.read)).timeoutMs / 60_000;
            return tellRep(ctx, session, 'close_notice', {
                vars: { minutes },
                configured: await stringSetting(ctx.read, SettingId.CloseNotice),
                messageId,
            });
        }
        case EndReason.NobodyTook: {
            const minutes = (await idlePolicy(ctx.read)).timeoutMs / 60_000;
            return tellRep(ctx, session, 'queue_timeout_notice', { vars: { minutes }, messageId });
        }
        case EndReason.Rep:
            return tellRep(ctx, session, 'closed_by_rep', { messageId });
        default:
            return tellRep(ctx, session, 'closed_by_manager', { messageId });
    }
}

/** The session's room is closed (by anyone): end it and tell the rep, once. */
export async function end(ctx: CallContext, session: Session): Promise<void> {
    await finish(ctx, session, true);
}

/**
 * ShiftLink closes the room itself. The reason is stored first, so whichever exit runs the goodbye (this
 * call, the close event, the idle job on another instance) tells the rep why. False when the room could
 * not be closed (the session stays, its reason is withdrawn).
 */
export async function close(
    ctx: CallContext,
    session: Session,
    reason: EndReason,
    comment: (managerLanguage: string) => string,
): Promise<boolean> {
    const { concerns } = stores(ctx);
    await concerns.setEnding(ctx.persistence, session.roomId, reason);
    try {
        await closeRoomAsApp(ctx, session.roomId, comment);
    } catch (error) {
        ctx.logger.error(`could not close room ${session.roomId} (${reason}): ${errorText(error)}`);
        await concerns.clearEnding(ctx.persistence, session.roomId);
        return false;
    }
    // Not left to the close event alone: it may run late, on another instance, or not at all (app stalled).
    await end(ctx, session);
    return true;
}

/** Removes a duplicate session of the rep without a goodbye, closes its room and moves its messages over. */
async function retire(ctx: CallContext, loser: Session, winner: Session): Promise<void> {
    await finish(ctx, loser, false);
    try {
        if ((await closeRoomAsApp(ctx, loser.roomId, (language) => translate(language, 'duplicate_room_comment'))) === 'closed') {
            ctx.logger.info(`duplicate room ${loser.roomId} of rep ${loser.repId} closed; conversation continues in ${winner.roomId}`);
        }
        await carryOver(ctx, loser, winner);
    } catch (error) {
        ctx.logger.error(`could not merge duplicate room ${loser.roomId} into ${winner.roomId}: ${errorText(error)}`);
    }
}

/** The rep's messages a duplicate room received, posted again into the winner (ids keep it once). */
async function carryOver(ctx: CallContext, loser: Session, winner: Session): Promise<void> {
    const room = await readLivechatRoom(ctx, winner.roomId);
    if (!room?.isOpen) {
        return;
    }
    const messages = await ctx.read.getRoomReader().getMessages(loser.roomId, { limit: 100, sort: { createdAt: 'asc' } });
    for (const message of messages) {
        const content = { text: message.text, attachments: message.attachments };
        const { t, type } = message as { t?: string; type?: string };
        if (message.sender?._id === loser.visitor.id && !t && !type && hasContent(content)) {
            const messageId = messageIdFor(MessageIdKind.RepToManager, 'moved', message.id);
            await postAsVisitor(ctx, { room, visitor: winner.visitor, content, messageId });
        }
    }
}

/**
 * Two first messages of one rep may open two rooms at once on two instances (no compare-and-set). After
 * storing its session each opener reads all of the rep's sessions: the earliest wins, later ones retire.
 */
async function keepEarliest(ctx: CallContext, mine: Session): Promise<Session> {
    const all = await stores(ctx).sessions.ofRep(mine.repId);
    // `mine` is missing when the other opener retired it meanwhile: the survivor is the winner, never
    // `mine` (its room is closed; ending it would tell the rep goodbye and lose the message).
    if (all.length === 0 || (all.length === 1 && all[0].roomId === mine.roomId)) {
        return all[0] ?? mine;
    }
    const [winner, ...losers] = [...all].sort((a, b) => a.openedAt - b.openedAt || a.roomId.localeCompare(b.roomId));
    for (const loser of losers) {
        await retire(ctx, loser, winner);
    }
    return winner;
}

/** Nothing half-created stays behind: a room whose session could not be set up is closed again. */
async function abandon(ctx: CallContext, rep: Rep, roomId: string): Promise<void> {
    try {
        const stored = await stores(ctx).sessions.ofRoom(roomId);
        if (stored) {
            await finish(ctx, stored, false);
        }
        await closeRoomAsApp(ctx, roomId, (language) => translate(language, 'setup_failed_comment'));
    } catch (error) {
        ctx.logger.error(`could not clean up room ${roomId} of rep ${rep.repId}: ${errorText(error)}`);
    }
}

/** Resolves the configured department, or tells the rep and the admin (logs) why there is none. */
async function configuredDepartment(ctx: CallContext): Promise<IDepartment | undefined> {
    const configured = (await stringSetting(ctx.read, SettingId.Department)).trim();
    const department = configured === '' ? undefined : await ctx.read.getLivechatReader().getLivechatDepartmentByIdOrName(configured);
    if (!department) {
        ctx.logger.error(
            configured === ''
                ? 'ShiftLink is not set up: the department setting is empty'
                : `ShiftLink is not set up: department "${configured}" does not exist`,
        );
    }
    return department;
}

export type OpenFailure = 'not_configured' | 'no_manager' | 'delivery_failed';

async function whyRoomFailed(ctx: CallContext, rep: Rep, department: IDepartment, error: unknown): Promise<OpenFailure> {
    const reason = errorText(error);
    // Apps-Engine 1.46 (RC 6.x) hands the app a bridge error as "[object Object]": the error code is lost
    // there, so the department's online state is asked (only on this failure path; needs livechat-status.read,
    // without which the engine answers undefined).
    const noAgent =
        reason.includes(NO_AGENT_ONLINE) ||
        (!reason.includes(INVALID_DEPARTMENT) &&
            (await ctx.read
                .getLivechatReader()
                .isOnlineAsync(department.id)
                .catch(() => undefined)) === false);
    if (noAgent) {
        ctx.logger.info(`no shift manager online in department ${department.id}; message of rep ${rep.repId} not delivered`);
        return 'no_manager';
    }
    if (reason.includes(INVALID_DEPARTMENT)) {
        ctx.logger.error(`department ${department.id} refused by the server: ${reason}`);
        return 'not_configured';
    }
    ctx.logger.error(`could not open a livechat room for rep ${rep.repId} in department ${department.id}: ${reason}`);
    return 'delivery_failed';
}

export interface OpenSession {
    session: Session;
    room: ILivechatRoom;
}

/**
 * Opens (or adopts) the rep's session and returns it with its open room, or why there is none. An open
 * room of the rep's visitor is adopted before a new one is created: the server opens one on its own when
 * a post races an agent's close, and the rest of a burst belongs there.
 */
export async function open(
    ctx: CallContext,
    rep: Rep,
    repUser: IUser,
): Promise<OpenSession | { failure: OpenFailure; department?: IDepartment }> {
    const department = await configuredDepartment(ctx);
    if (!department) {
        return { failure: 'not_configured' };
    }
    // Only a room the server opened (no ShiftLink fields): one ShiftLink opened is its opener's to record
    // (maybe on another instance); a second room then is retired by keepEarliest.
    const serverOpened = (await ctx.read.getLivechatReader().getLivechatRooms({ token: rep.token } as IVisitor)).find(
        (room) => room.isOpen && !room.customFields?.[ROOM_FIELDS.repId],
    );
    if (serverOpened) {
        return { session: await adopt(ctx, rep, serverOpened), room: serverOpened };
    }
    // The opening notice is queued before createRoom: the server fires AgentAssigned ("joined") inside it,
    // and that notice must follow "connected"/"waiting" for this room (same queue, see inNoticeOrder).
    let greetRoom: ILivechatRoom | undefined;
    let settle: () => void = () => undefined;
    const created = new Promise<void>((resolve) => (settle = resolve));
    const opening = inNoticeOrder(rep.token, async () => {
        await created;
        if (greetRoom) {
            await greet(ctx, rep, repUser, greetRoom);
        }
    });
    try {
        const opened = await createAndRecord(ctx, rep, repUser, department);
        if ('room' in opened) {
            greetRoom = opened.room;
        }
        return opened;
    } finally {
        settle();
        await opening.catch((error) => ctx.logger.error(`opening notice for rep ${rep.repId} failed: ${errorText(error)}`));
    }
}

async function createAndRecord(
    ctx: CallContext,
    rep: Rep,
    repUser: IUser,
    department: IDepartment,
): Promise<OpenSession | { failure: OpenFailure; department?: IDepartment }> {
    let room: ILivechatRoom;
    let visitor: IVisitor;
    try {
        const created = await ctx.modify
            .getCreator()
            .getLivechatCreator()
            .createAndReturnVisitor({
                token: rep.token,
                username: `shiftlink-${repUser.username}`,
                name: displayName(repUser),
                department: department.id,
            });
        if (!created) {
            throw new Error('the server returned no visitor');
        }
        visitor = created;
        // The agent is optional on the server (routing picks one); the type predates that. The custom
        // fields carry what the manager → rep relay needs, so it reads nothing (and survives the session).
        room = await ctx.modify
            .getCreator()
            .getLivechatCreator()
            .createRoom(visitor, undefined as unknown as IUser, {
                customFields: {
                    [ROOM_FIELDS.repId]: rep.repId,
                    [ROOM_FIELDS.dmRoomId]: rep.dmRoomId,
                    [ROOM_FIELDS.language]: rep.language,
                },
            });
    } catch (error) {
        return { failure: await whyRoomFailed(ctx, rep, department, error), department };
    }
    try {
        const mine = await record(ctx, rep, room, visitorRef(visitor), department.id);
        ctx.logger.info(`session opened: room ${room.id}, rep ${rep.repId}, department ${department.id}`);
        const winner = await keepEarliest(ctx, mine);
        // Re-read: the room may have closed (or a duplicate won) while the session was being set up.
        const winnerRoom = await readLivechatRoom(ctx, winner.roomId);
        if (!winnerRoom?.isOpen) {
            await end(ctx, winner);
            return { failure: 'delivery_failed' };
        }
        return { session: winner, room: winnerRoom };
    } catch (error) {
        ctx.logger.error(`session of rep ${rep.repId} failed after room ${room.id} was opened: ${errorText(error)}`);
        await abandon(ctx, rep, room.id);
        return { failure: 'delivery_failed' };
    }
}

/**
 * A room the server opened and ShiftLink adopted is greeted like one ShiftLink opened. Its start event
 * fires before routing, so the room is read again: "connected" only once someone serves it.
 */
export async function greetAdopted(ctx: CallContext, rep: Rep, roomId: string): Promise<void> {
    const [room, repUser] = await Promise.all([readLivechatRoom(ctx, roomId), ctx.read.getUserReader().getById(rep.repId)]);
    if (room?.isOpen && repUser) {
        await greet(ctx, rep, repUser, room);
    }
}

/**
 * The rep hears "connected" when routing gave the room to someone, else "waiting for a shift manager"
 * (Manual Selection, accepting chats with no agents, a waiting queue); "joined" follows when an agent
 * takes it. The manager's first line in the room says whose conversation it is and where answers go.
 */
async function greet(ctx: CallContext, rep: Rep, repUser: IUser, room: ILivechatRoom): Promise<void> {
    await tellRep(ctx, rep, room.servedBy ? 'session_connected' : 'session_waiting', {
        messageId: messageIdFor(MessageIdKind.Connected, room.id),
    });
    const intro = translate(managerLanguage(room, await serverLanguage(ctx.read)), 'manager_intro', {
        rep: displayName(repUser),
    });
    await postBotNote(ctx, { roomId: room.id, text: intro, messageId: messageIdFor(MessageIdKind.Intro, room.id) });
}

/** The rep's sessions, oldest first (normally one; more only for a moment). */
export async function sessionsOf(ctx: CallContext, repId: string): Promise<Array<Session>> {
    return (await stores(ctx).sessions.ofRep(repId)).sort((a, b) => a.openedAt - b.openedAt);
}

export const sessionOfRoom = (ctx: CallContext, roomId: string): Promise<Session | undefined> => stores(ctx).sessions.ofRoom(roomId);

export const allSessions = (ctx: CallContext): Promise<Array<Session>> => stores(ctx).sessions.all();

/** Uninstall: every session ends with its room closed and the rep told why (the events stop with the app). */
export async function closeForUninstall(ctx: CallContext, session: Session): Promise<void> {
    await finish(ctx, session, false);
    try {
        await closeRoomAsApp(ctx, session.roomId, (language) => translate(language, 'uninstall_comment'));
    } catch (error) {
        ctx.logger.error(`uninstall: could not close room ${session.roomId}: ${errorText(error)}`);
    }
    // Told even when the close failed: ShiftLink is gone either way.
    await tellRep(ctx, session, 'uninstall_notice', { messageId: messageIdFor(MessageIdKind.Goodbye, session.roomId) });
}
