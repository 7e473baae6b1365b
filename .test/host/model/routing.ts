import type { DepartmentRecord, RoomRecord } from './records';

// Omnichannel routing as RC 6.14 decides it. Each rule cites the server file it follows
// (apps/meteor/app/livechat/server/lib/..., apps/meteor/ee/app/livechat-enterprise/server/...).

/** RC's Livechat_Routing_Method values the host models ('External' is not modelled). */
export type RoutingMethod = 'Auto_Selection' | 'Manual_Selection';

export interface RoutingSettings {
    /** Livechat_Routing_Method. Auto_Selection (default) assigns an agent while the room is created. */
    routingMethod: RoutingMethod;
    /** Livechat_accept_chats_with_no_agents: createRoom never throws `no-agent-online`; the room may stay unserved. */
    acceptChatsWithNoAgents: boolean;
    /** Livechat_waiting_queue (EE): with `maxChatsPerAgent`, busy agents are not picked and the room waits. */
    waitingQueue: boolean;
    /** Livechat_maximum_chats_per_agent (EE, only with the waiting queue); 0 = no limit. */
    maxChatsPerAgent: number;
}

export const DEFAULT_ROUTING: RoutingSettings = {
    routingMethod: 'Auto_Selection',
    acceptChatsWithNoAgents: false,
    waitingQueue: false,
    maxChatsPerAgent: 0,
};

/**
 * QueueManager.requestRoom: without "accept chats with no agents", a department with no online agent (no
 * fallback department modelled) refuses the room with `no-agent-online` — under every routing method.
 */
export function refusesWithoutAgents(settings: RoutingSettings, onlineAgentsInDepartment: number): boolean {
    return !settings.acceptChatsWithNoAgents && onlineAgentsInDepartment === 0;
}

/**
 * QueueManager.getInquiryStatus: only a method with `autoAssignAgent` (AutoSelection.ts; ManualSelection.ts
 * has it false) routes at once; otherwise the inquiry is QUEUED and the room comes back unserved until an
 * agent takes it (RoutingManager.takeInquiry).
 */
export function routesOnCreation(settings: RoutingSettings): boolean {
    return settings.routingMethod === 'Auto_Selection';
}

/**
 * The agents routing may pick: online ones, minus (EE applySimultaneousChatsRestrictions.ts, waiting queue
 * on) those already serving `maxChatsPerAgent` open rooms. An empty list leaves the room unserved
 * (RoutingManager.delegateInquiry: "No agents available").
 */
export function selectableAgents(settings: RoutingSettings, onlineAgentIds: string[], openChatsOf: (agentId: string) => number): string[] {
    if (!settings.waitingQueue || settings.maxChatsPerAgent <= 0) {
        return onlineAgentIds;
    }
    return onlineAgentIds.filter((id) => openChatsOf(id) < settings.maxChatsPerAgent);
}

/** Helper.forwardRoomToAgent's refusals, in its order; undefined when the forward can go ahead. */
export function forwardToAgentProblem(room: RoomRecord, agentId: string, agentOnline: boolean): string | undefined {
    if (!agentOnline) {
        return 'error-user-is-offline';
    }
    if (room.servedById === agentId) {
        return 'error-selected-agent-room-agent-are-same';
    }
    return undefined;
}

/** Helper.forwardRoomToDepartment's refusals before routing; undefined when the forward can go ahead. */
export function forwardToDepartmentProblem(room: RoomRecord, department: DepartmentRecord | undefined): string | undefined {
    if (!department) {
        return 'error-transferring-inquiry-no-department';
    }
    if (room.departmentId === department.id) {
        return 'error-forwarding-chat-same-department';
    }
    return undefined;
}
