import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { translate } from '../lib/i18n';
import { Rep } from '../persistence/RepStore';
import { Session, SessionStore } from '../persistence/SessionStore';
import { hasContent } from '../relay/content';
import { postAsVisitor } from '../relay/postAsVisitor';
import { closeRoomAsApp, managerLanguage, readLivechatRoom } from './livechatRooms';
import { discardSession } from './newSession';

/*
 * Two first messages of one rep may be handled at once on two instances, each creating a room; without
 * compare-and-set in persistence both can succeed. After writing its session each handler reads all of the
 * rep's sessions: the earliest one wins. Whoever sees a later one removes its record (so its close event
 * says nothing to the rep), closes its room and carries over what was already posted there.
 */

/** Moves the rep's messages a duplicate room received before it was closed into the winning room. */
async function carryOver(ctx: CallContext, loser: Session, winner: Session): Promise<void> {
    const winnerRoom = await readLivechatRoom(ctx, winner.roomId);
    if (!winnerRoom?.isOpen) {
        return;
    }
    const messages = await ctx.read.getRoomReader().getMessages(loser.roomId, { limit: 100, sort: { createdAt: 'asc' } });
    for (const message of messages) {
        const content = { text: message.text, attachments: message.attachments };
        const { t, type } = message as { t?: string; type?: string };
        if (message.sender?._id === loser.visitor.id && !t && !type && hasContent(content)) {
            await postAsVisitor(ctx, winner, winnerRoom, content);
        }
    }
}

async function retire(ctx: CallContext, rep: Rep, loser: Session, winner: Session): Promise<void> {
    if (!(await discardSession(ctx, loser))) {
        return; // another handler retired it
    }
    const room = await readLivechatRoom(ctx, loser.roomId);
    if (!room?.isOpen) {
        return;
    }
    ctx.logger.info(`duplicate room ${loser.roomId} of rep ${loser.repId} closed; conversation continues in ${winner.roomId}`);
    try {
        await closeRoomAsApp(ctx, room, translate(managerLanguage(room), 'duplicate_room_comment'));
        await carryOver(ctx, loser, winner);
    } catch (error) {
        ctx.logger.error(`could not merge duplicate room ${loser.roomId} into ${winner.roomId}: ${errorText(error)}`);
    }
}

/** Keeps the rep's earliest session, retiring any later one this handler can see. */
export async function keepEarliestSession(ctx: CallContext, rep: Rep, mine: Session): Promise<Session> {
    const all = await new SessionStore(ctx.read.getPersistenceReader()).ofRep(mine.repId);
    if (all.length < 2) {
        return mine;
    }
    const [winner, ...losers] = [...all].sort((a, b) => a.openedAt - b.openedAt || a.roomId.localeCompare(b.roomId));
    for (const loser of losers) {
        await retire(ctx, rep, loser, winner);
    }
    return winner;
}

/**
 * The open room to post a first message into: the chosen session's, or, when a concurrent handler retired
 * it meanwhile, the rep's surviving session. Never a closed room: the server would open a new one.
 */
export async function openTarget(ctx: CallContext, chosen: Session): Promise<{ session: Session; room: ILivechatRoom } | undefined> {
    const room = await readLivechatRoom(ctx, chosen.roomId);
    if (room?.isOpen) {
        return { session: chosen, room };
    }
    for (const session of await new SessionStore(ctx.read.getPersistenceReader()).ofRep(chosen.repId)) {
        const other = session.roomId === chosen.roomId ? undefined : await readLivechatRoom(ctx, session.roomId);
        if (other?.isOpen) {
            return { session, room: other };
        }
    }
    return undefined;
}
