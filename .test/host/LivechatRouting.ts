import type { IDepartment, ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { ModelPort } from './model/port';
import type { FireEvent, ServerSide } from './ServerSide';

/** Where a room is forwarded: another agent, or another department (routed there). */
export type ForwardTarget = { agentId: string } | { departmentId: string };

/**
 * What RC does when an agent takes a queued room or forwards one: the writes, the system messages and the
 * app events in RC's order (RoutingManager.ts assignAgent/takeInquiry, Helper.ts forwardRoomToAgent /
 * forwardRoomToDepartment / removeAgentFromSubscription / updateChatDepartment, LivechatTyped.ts
 * saveTransferHistory, bridges/listeners.js livechatEvent).
 *
 * Server facts the order follows:
 * - IPostLivechatAgentAssigned is fired (`void`) inside assignAgent with the room object the caller passed:
 *   before the assignment, so its `servedBy` is the previous agent (or none), never the new one.
 * - IPostLivechatRoomTransferred is fired from a setImmediate right after the forward; the previous agent's
 *   IPostLivechatAgentUnassigned comes from removeAgentFromSubscription, which runs un-awaited and fires only
 *   after its own database round trips (and the `ul` message): on a server it usually arrives last. Apps
 *   get all three without waiting for each other, so a handler must not rely on their order.
 */
export class LivechatRouting {
    constructor(
        private readonly port: ModelPort,
        private readonly server: ServerSide,
        private readonly fire: FireEvent,
    ) {}

    /** An agent takes a queued or unserved room (livechat:takeInquiry); a served one is refused. */
    async takeRoom(agentId: string, roomId: string): Promise<ILivechatRoom> {
        const taken = await this.port.livechat.takeRoom(roomId, agentId);
        await this.assigned(taken.before, taken.agent);
        return taken.room;
    }

    /**
     * RoutingManager.transferRoom: to an agent (must be online, not the current one) or to a department
     * (routed there; under Manual Selection queued there, unserved). `byUserId` is who forwards (the
     * current agent by default), recorded in the transfer history message.
     */
    async forwardRoom(roomId: string, target: ForwardTarget, byUserId?: string): Promise<ILivechatRoom> {
        const room = (await this.port.rooms.getById(roomId)) as ILivechatRoom | undefined;
        const by = byUserId || room?.servedBy?.id;
        if (!room || !by) {
            throw new Error('error-invalid-room: nothing to forward or nobody forwarding it');
        }
        if ('agentId' in target) {
            const forwarded = await this.port.livechat.forwardToAgent(roomId, target.agentId);
            if (!forwarded) {
                throw new Error('error-room-closed');
            }
            await this.assigned(forwarded.before, forwarded.agent);
            await this.transferHistory(roomId, by);
            await this.fire('IPostLivechatRoomTransferred', {
                type: 'agent',
                room: forwarded.room,
                from: forwarded.previousAgent,
                to: forwarded.agent,
            });
            await this.unassigned(roomId, forwarded.previousAgent);
            return forwarded.room;
        }
        const forwarded = await this.port.livechat.forwardToDepartment(roomId, target.departmentId);
        if (!forwarded) {
            throw new Error('error-room-closed');
        }
        if (forwarded.agent) {
            await this.assigned(forwarded.before, forwarded.agent);
        }
        await this.transferHistory(roomId, by);
        const from = forwarded.previousDepartmentId
            ? await this.port.livechat.findDepartmentByIdOrName(forwarded.previousDepartmentId)
            : undefined;
        const to = (await this.port.livechat.findDepartmentByIdOrName(target.departmentId)) as IDepartment;
        await this.fire('IPostLivechatRoomTransferred', { type: 'department', room: forwarded.room, from, to });
        await this.unassigned(roomId, forwarded.previousAgent);
        return forwarded.room;
    }

    /** RoutingManager.assignAgent: `command connected` and `uj` by the agent, then AgentAssigned (room as passed in). */
    private async assigned(before: ILivechatRoom, agent: IUser): Promise<void> {
        await this.server.sendMessage({ roomId: before.id, type: 'command', text: 'connected', sender: agent.id, groupable: false });
        await this.server.sendMessage({ roomId: before.id, type: 'uj', text: agent.username, sender: agent.id, groupable: false });
        await this.fire('IPostLivechatAgentAssigned', { room: before, agent });
    }

    /** removeAgentFromSubscription: `ul` by the agent who left, then AgentUnassigned with the room as it is now. */
    private async unassigned(roomId: string, previousAgent: IUser | undefined): Promise<void> {
        if (!previousAgent) {
            return;
        }
        await this.server.sendMessage({ roomId, type: 'ul', text: previousAgent.username, sender: previousAgent.id, groupable: false });
        await this.fire('IPostLivechatAgentUnassigned', { room: await this.port.rooms.getById(roomId), agent: previousAgent });
    }

    /**
     * saveTransferHistory: one `livechat_transfer_history` system message by whoever forwarded. RC keeps the
     * scope and target in the message's `transferData`, which the apps' message converter does not map; the
     * host leaves it out.
     */
    private async transferHistory(roomId: string, byUserId: string): Promise<void> {
        await this.server.sendMessage({ roomId, type: 'livechat_transfer_history', text: '', sender: byUserId, groupable: false });
    }
}
