import { ILivechatEventContext, ILivechatRoom, ILivechatTransferEventContext } from '@rocket.chat/apps-engine/definition/livechat';
import { ILogger } from '@rocket.chat/apps-engine/definition/accessors';
import { TextKey } from '../i18n/en';
import { TextVars } from '../lib/i18n';
import { MessageIdKind, messageIdFor } from '../lib/messageIds';
import { displayName } from '../lib/displayName';

/** What the handover handlers need from the session core; `R` is whatever the core knows a rep by. */
export interface HandoverSession<R extends { repId: string } = { repId: string }> {
    /** The rep of a ShiftLink room (by its visitor token or its rep custom field); undefined for other rooms. */
    repOfRoom(room: ILivechatRoom): Promise<R | undefined>;
    /** Tells the rep in their DM with the bot, in their language; `messageId` keeps a notice once. */
    tellRep(rep: R, key: TextKey, vars?: TextVars, messageId?: string): Promise<void>;
}

/**
 * The room's last change (`_updatedAt`, set by every write to the room), as the event carries it: the same
 * for every delivery of one event, new for each assignment or requeue, so that the same two managers
 * swapping twice, or a manager taking the room back from a queue, is told again.
 */
function changeStamp(room: ILivechatRoom): number | string {
    const time = new Date(room.updatedAt ?? Number.NaN).getTime();
    return Number.isFinite(time) ? time : 'none';
}

/**
 * IPostLivechatAgentAssigned. RC hands over the room object as it was before this assignment
 * (RoutingManager.assignAgent), so `room.servedBy` is the agent being replaced, or none when the room was
 * unserved (new, queued, or forwarded into a queue). That makes one event enough to say either "joined" or
 * "took over", exactly once per change, whatever order the transfer's other events arrive in.
 */
export async function onAgentAssignedNotice<R extends { repId: string }>(
    session: HandoverSession<R>,
    event: ILivechatEventContext,
): Promise<void> {
    const rep = await session.repOfRoom(event.room);
    if (!rep || !event.agent) {
        return;
    }
    const previous = event.room.servedBy;
    // One assignment, one notice, whichever handler or instance sends it.
    const messageId = messageIdFor(MessageIdKind.Assigned, event.room.id, event.agent.id, previous?.id ?? 'none', changeStamp(event.room));
    if (previous && previous.id !== event.agent.id) {
        await session.tellRep(rep, 'agent_took_over', { agent: displayName(event.agent), previous: displayName(previous) }, messageId);
        return;
    }
    if (previous && previous.id === event.agent.id) {
        return; // Already serving: nothing changed for the rep.
    }
    await session.tellRep(rep, 'agent_joined', { agent: displayName(event.agent) }, messageId);
}

/**
 * IPostLivechatAgentUnassigned carries the room as it is after the change. Served by someone else: the
 * AgentAssigned notice covers it. Served by nobody (forwarded into a department's queue): the rep is waiting
 * again and is told so; AgentAssigned says who joins later.
 */
export async function onAgentUnassignedNotice<R extends { repId: string }>(
    session: HandoverSession<R>,
    event: ILivechatEventContext,
): Promise<void> {
    if (event.room.servedBy || !event.room.isOpen) {
        return;
    }
    const rep = await session.repOfRoom(event.room);
    if (rep) {
        await session.tellRep(
            rep,
            'session_waiting',
            undefined,
            messageIdFor(MessageIdKind.Requeued, event.room.id, event.agent?.id ?? 'none', changeStamp(event.room)),
        );
    }
}

/** IPostLivechatRoomTransferred: the rep hears about it through the assignment events; logged for admins. */
export async function onRoomTransferredNotice<R extends { repId: string }>(
    session: HandoverSession<R>,
    logger: ILogger,
    event: ILivechatTransferEventContext,
): Promise<void> {
    const rep = await session.repOfRoom(event.room as ILivechatRoom);
    if (rep) {
        const id = (side: { id?: string } | undefined) => (side && side.id) || 'none';
        logger.info(`room ${event.room.id} of rep ${rep.repId} transferred (${event.type}) from ${id(event.from)} to ${id(event.to)}`);
    }
}
