import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { ROOM_REP_FIELD } from '../config/ids';
import { CallContext } from '../lib/context';
import { translate } from '../lib/i18n';
import { Rep, RepStore } from '../persistence/RepStore';
import { EndReason, SessionStore } from '../persistence/SessionStore';
import { relayRepMessage } from '../relay/repToManager';
import { tellRep } from '../relay/repNotices';
import { closeSession } from '../session/endSession';
import { appUserOf, managerLanguage, readLivechatRoom } from '../session/livechatRooms';
import { KeepOpenOutcome, RetryOutcome, SessionActions } from './blockAction';
import { HandoverSession } from './handover';

// The seam between the new handlers (handover.ts, blockAction.ts) and the session code. Everything the
// handlers ask of a session goes through these two objects, so the session core can replace them.

export function handoverSession(ctx: CallContext): HandoverSession<Rep> {
    const reps = new RepStore(ctx.read.getPersistenceReader());
    return {
        // The visitor token is ShiftLink's own: it identifies the room even before the session is stored.
        repOfRoom: async (room) => (room.visitor?.token ? reps.byToken(room.visitor.token) : undefined),
        tellRep: (rep, key, vars) => tellRep(ctx, rep, key, vars),
    };
}

export function sessionActions(ctx: CallContext): SessionActions {
    const sessions = new SessionStore(ctx.read.getPersistenceReader());
    const openSessionOf = async (roomId: string, repId: string) => {
        const session = roomId ? await sessions.ofRoom(roomId) : undefined;
        const room = session && session.repId === repId ? await readLivechatRoom(ctx, roomId) : undefined;
        return session && room?.isOpen ? { session, room } : undefined;
    };
    return {
        keepOpen: (roomId, user) => keepOpen(ctx, roomId, user),
        endable: async (roomId, rep) => {
            const open = await openSessionOf(roomId, rep.id);
            return open && { managerName: open.room.servedBy ? open.room.servedBy.name || open.room.servedBy.username : undefined };
        },
        end: async (roomId, rep) => {
            const open = await openSessionOf(roomId, rep.id);
            return !!open && closeSession(ctx, open.session, EndReason.Rep, (language) => translate(language, 'closed_by_rep_comment'));
        },
        retry: (messageId, rep) => retry(ctx, messageId, rep),
    };
}

/**
 * The idle clock is the livechat room's last-message time, so a click is recorded where that clock reads:
 * a short note by ShiftLink in the room. The manager sees who kept it open, the next idle check finds the
 * new activity (on any instance), and no second clock has to be kept in step with the first.
 */
async function keepOpen(ctx: CallContext, roomId: string, user: IUser): Promise<KeepOpenOutcome> {
    const room = roomId ? await readLivechatRoom(ctx, roomId) : undefined;
    if (!room || room.type !== RoomType.LIVE_CHAT || !room.isOpen) {
        return 'closed';
    }
    const isManager = room.servedBy?.id === user.id;
    const isRep = room.customFields?.[ROOM_REP_FIELD] === user.id;
    if (!isManager && !isRep) {
        return 'not-a-party';
    }
    const name = user.name || user.username;
    const note = ctx.modify.getCreator().startMessage().setRoom(room).setSender(await appUserOf(ctx)).setText(translate(managerLanguage(room), 'kept_open', { name }));
    await ctx.modify.getCreator().finish(note);
    if (isManager) {
        const rep = room.visitor?.token ? await new RepStore(ctx.read.getPersistenceReader()).byToken(room.visitor.token) : undefined;
        if (rep) {
            await tellRep(ctx, rep, 'kept_open', { name });
        }
    }
    ctx.logger.info(`room ${room.id} kept open by ${isManager ? 'its manager' : 'its rep'} ${user.id}`);
    return 'kept';
}

/** The undelivered message is the rep's own, still in their DM with the bot: relayed again as written. */
async function retry(ctx: CallContext, messageId: string, rep: IUser): Promise<RetryOutcome> {
    const message = messageId ? await ctx.read.getMessageReader().getById(messageId) : undefined;
    const botId = (await appUserOf(ctx)).id;
    const inBotDm = message?.room.type === RoomType.DIRECT_MESSAGE && (message.room.userIds ?? []).indexOf(botId) !== -1;
    if (!message || message.sender.id !== rep.id || !inBotDm) {
        return 'nothing-to-retry';
    }
    const open = await new SessionStore(ctx.read.getPersistenceReader()).ofRep(rep.id);
    await relayRepMessage(ctx, rep, message.room, { text: message.text, attachments: message.attachments }, open);
    return 'sent';
}

