import type { IDepartment, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';

import type { VirtualClock } from './clock';
import { newId } from './ids';
import type { Collections, DepartmentRecord, RoomRecord, VisitorRecord } from './records';
import type { RoomsStore } from './rooms';
import type { RoutingSettings } from './routing';
import {
    DEFAULT_ROUTING,
    forwardToAgentProblem,
    forwardToDepartmentProblem,
    refusesWithoutAgents,
    routesOnCreation,
    selectableAgents,
} from './routing';
import type { UsersStore } from './users';
import { departmentView, roomView, visitorView } from './views';

/** Server settings of RC that change livechat behaviour (routing ones: see routing.ts). */
export interface LivechatSettings extends RoutingSettings {
    /** RC's Livechat_request_comment_when_closing_conversation. */
    commentRequired: boolean;
    /**
     * Closing an already closed room: current RC (closeRoom.ts) throws 'error-room-closed'; RC before the
     * closeRoom rewrite (Livechat.closeRoom) returned false. Both without a new close event.
     */
    closeClosedRoom: 'throw' | 'return-false';
}

export type CloseBy = { userId: string } | { visitor: true };

/** Departments, agents, visitors and livechat rooms. Events are fired by the caller (ServerSide). */
export class LivechatStore {
    readonly settings: LivechatSettings = { commentRequired: true, closeClosedRoom: 'throw', ...DEFAULT_ROUTING };
    private readonly roundRobin = new Map<string, number>();
    /** Visitor id by token (RC's unique index on the visitor token): lookups independent of the visitor count. */
    private readonly visitorIdsByToken = new Map<string, string>();
    private guestCounter = 0;

    constructor(
        private readonly db: Collections,
        private readonly clock: VirtualClock,
        private readonly users: UsersStore,
        private readonly rooms: RoomsStore,
    ) {}

    addDepartment(data: { name: string; agentIds?: string[]; enabled?: boolean }): IDepartment {
        const record: DepartmentRecord = {
            id: newId(),
            name: data.name,
            enabled: data.enabled ?? true,
            agentIds: [...(data.agentIds || [])],
            updatedAt: this.clock.now(),
        };
        this.db.departments.set(record.id, record);
        return departmentView(record);
    }

    /** A user with the livechat-agent role, member of the given departments, online unless said otherwise. */
    addAgent(data: { username: string; name?: string; departmentIds?: string[]; online?: boolean }): IUser {
        const agent = this.users.add({ username: data.username, name: data.name, roles: ['user', 'livechat-agent'] });
        (data.departmentIds || []).forEach((id) => this.addAgentToDepartment(agent.id, id));
        this.setAgentOnline(agent.id, data.online ?? true);
        return agent;
    }

    addAgentToDepartment(agentId: string, departmentId: string): void {
        const department = this.mustGetDepartment(departmentId);
        if (!department.agentIds.includes(agentId)) {
            department.agentIds.push(agentId);
        }
    }

    setAgentOnline(agentId: string, online: boolean): void {
        if (online) {
            this.db.onlineAgents.add(agentId);
        } else {
            this.db.onlineAgents.delete(agentId);
        }
    }

    setDepartmentEnabled(departmentId: string, enabled: boolean): void {
        this.mustGetDepartment(departmentId).enabled = enabled;
    }

    /** An admin deleting the department (rooms keep their department id, as in RC). */
    removeDepartment(departmentId: string): void {
        this.db.departments.delete(departmentId);
    }

    /**
     * RC's `online(departmentId)` (LivechatTyped.online, behind isOnlineAsync): is an agent available (in that
     * department, when one is given)? Always true while the server accepts chats with no agents.
     */
    isOnline(departmentId?: string): boolean {
        return this.settings.acceptChatsWithNoAgents || this.onlineAgentsOf(departmentId).length > 0;
    }

    findDepartmentByIdOrName(value: string): IDepartment | undefined {
        const record = this.db.departments.get(value) || [...this.db.departments.values()].find((d) => d.name === value);
        return record && departmentView(record);
    }

    findDepartmentById(id: string): IDepartment | undefined {
        const record = this.db.departments.get(id);
        return record && departmentView(record);
    }

    findDepartmentsEnabledWithAgents(): IDepartment[] {
        return [...this.db.departments.values()].filter((d) => d.enabled && d.agentIds.length > 0).map(departmentView);
    }

    /**
     * RC's registerGuest (behind createVisitor and createAndReturnVisitor): upsert by token; with no token
     * match, an existing visitor with the same phone, then email, is updated instead. An unknown
     * department throws 'error-invalid-department'.
     */
    registerVisitor(visitor: IVisitor): IVisitor {
        if (!visitor.token) {
            throw new Error('error-invalid-token');
        }
        if (visitor.department && !this.findDepartmentByIdOrName(visitor.department)) {
            throw new Error('error-invalid-department');
        }
        const department = visitor.department && this.findDepartmentByIdOrName(visitor.department)!.id;
        const phone = visitor.phone?.[0]?.phoneNumber;
        const email = visitor.visitorEmails?.[0]?.address;
        const existing =
            this.visitorRecordByToken(visitor.token) ||
            (phone ? [...this.db.visitors.values()].find((v) => v.phone?.some((p) => p.phoneNumber === phone)) : undefined) ||
            (email ? [...this.db.visitors.values()].find((v) => v.visitorEmails?.some((e) => e.address === email)) : undefined);
        const now = this.clock.now();
        if (existing) {
            this.visitorIdsByToken.delete(existing.token);
            this.visitorIdsByToken.set(visitor.token, existing.id);
            Object.assign(existing, {
                token: visitor.token,
                ...(visitor.name && { name: visitor.name }),
                ...(visitor.username && { username: visitor.username }),
                ...(department && { department }),
                ...(visitor.phone && { phone: structuredClone(visitor.phone) }),
                ...(visitor.visitorEmails && { visitorEmails: structuredClone(visitor.visitorEmails) }),
                ...(visitor.customFields && { customFields: structuredClone(visitor.customFields) }),
                updatedAt: now,
            });
            return visitorView(existing);
        }
        const record: VisitorRecord = {
            ...structuredClone(visitor),
            id: visitor.id || newId(),
            username: visitor.username || `guest-${++this.guestCounter}`,
            name: visitor.name || visitor.username,
            ...(department ? { department } : {}),
            status: 'online',
            createdAt: now,
            updatedAt: now,
        };
        this.db.visitors.set(record.id, record);
        this.visitorIdsByToken.set(record.token, record.id);
        return visitorView(record);
    }

    findVisitorById(id: string): IVisitor | undefined {
        const record = this.db.visitors.get(id);
        return record && visitorView(record);
    }

    findVisitorByToken(token: string): IVisitor | undefined {
        const record = this.visitorRecordByToken(token);
        return record && visitorView(record);
    }

    findVisitorByEmail(email: string): IVisitor | undefined {
        const record = [...this.db.visitors.values()].find((v) => v.visitorEmails?.some((e) => e.address === email));
        return record && visitorView(record);
    }

    findVisitorByPhoneNumber(phone: string): IVisitor | undefined {
        const record = [...this.db.visitors.values()].find((v) => v.phone?.some((p) => p.phoneNumber === phone));
        return record && visitorView(record);
    }

    /** Deprecated RC query API: plain field equality on the visitor. */
    findVisitors(query: Record<string, unknown>): IVisitor[] {
        return [...this.db.visitors.values()]
            .filter((v) => Object.entries(query).every(([k, value]) => (v as unknown as Record<string, unknown>)[k] === value))
            .map(visitorView);
    }

    setVisitorCustomField(token: string, key: string, value: string, overwrite: boolean): number {
        const record = this.visitorRecordByToken(token);
        if (!record || (!overwrite && record.livechatData?.[key] !== undefined)) {
            return 0;
        }
        record.livechatData = { ...(record.livechatData || {}), [key]: value };
        return 1;
    }

    /**
     * A new livechat room for the visitor, before routing (servedBy empty), in `departmentId` (RC takes
     * the visitor's department). With no available agent there RC refuses with 'no-agent-online'.
     * Never deduplicates.
     */
    openRoom(
        visitorId: string,
        extra: { departmentId?: string; source?: Record<string, unknown>; customFields?: Record<string, unknown> } = {},
    ): ILivechatRoom {
        const visitor = this.db.visitors.get(visitorId);
        if (!visitor) {
            throw new Error('error-invalid-visitor');
        }
        if (refusesWithoutAgents(this.settings, this.onlineAgentsOf(extra.departmentId).length)) {
            throw new Error('Sorry, no online agents [no-agent-online]');
        }
        const record = this.rooms.insertRoom({
            type: 'l',
            userIds: [],
            name: visitor.name || visitor.username,
            visitorId,
            departmentId: extra.departmentId,
            isOpen: true,
            waitingResponse: true,
            source: extra.source,
            customFields: extra.customFields,
        });
        return this.view(record);
    }

    /**
     * Routing at creation: the preferred agent when available, else the department's next available agent
     * (round robin). Undefined leaves the room unserved: Manual Selection queues it, and with "accept chats
     * with no agents" or a full waiting queue nobody is available (routing.ts).
     */
    routeRoom(roomId: string, preferredAgentId?: string): { room: ILivechatRoom; agent: IUser } | undefined {
        if (!routesOnCreation(this.settings)) {
            return undefined;
        }
        return this.routeTo(roomId, preferredAgentId);
    }

    /** AutoSelection's pick among the selectable agents of the room's (current) department. */
    private routeTo(roomId: string, preferredAgentId?: string): { room: ILivechatRoom; agent: IUser } | undefined {
        const room = this.mustGetLivechatRoom(roomId);
        const candidates = selectableAgents(
            this.settings,
            this.onlineAgentsOf(room.departmentId),
            (id) => this.findOpenRoomsByAgentId(id).length,
        );
        if (candidates.length === 0) {
            return undefined;
        }
        let agentId = preferredAgentId && candidates.includes(preferredAgentId) ? preferredAgentId : undefined;
        if (!agentId) {
            const key = room.departmentId || '*';
            const next = this.roundRobin.get(key) || 0;
            agentId = candidates[next % candidates.length];
            this.roundRobin.set(key, next + 1);
        }
        return this.assign(room, agentId);
    }

    /**
     * An agent taking a queued room (livechat:takeInquiry, methods/takeInquiry.ts, then
     * RoutingManager.takeInquiry): a closed room has no inquiry left ('error-not-found'), a taken one is
     * refused ('error-inquiry-taken'), so is an offline agent ('error-agent-status-service-offline'). `before`
     * is the room object as RC hands it to IPostLivechatAgentAssigned: the one the caller passed, not re-read.
     */
    takeRoom(roomId: string, agentId: string): { before: ILivechatRoom; room: ILivechatRoom; agent: IUser } {
        const room = this.mustGetLivechatRoom(roomId);
        if (!room.isOpen) {
            throw new Error('Inquiry not found [error-not-found]');
        }
        if (room.servedById) {
            throw new Error('Inquiry already taken [error-inquiry-taken]');
        }
        if (!this.db.onlineAgents.has(agentId)) {
            throw new Error('Agent status is offline or Omnichannel service is not active [error-agent-status-service-offline]');
        }
        const before = this.view(room);
        return { before, ...this.assign(room, agentId) };
    }

    /** Helper.forwardRoomToAgent's state change: the new agent serves the room, the old one leaves it. */
    forwardToAgent(
        roomId: string,
        agentId: string,
    ): { before: ILivechatRoom; room: ILivechatRoom; agent: IUser; previousAgent?: IUser } | false {
        const room = this.mustGetLivechatRoom(roomId);
        if (!room.isOpen) {
            return false;
        }
        const problem = forwardToAgentProblem(room, agentId, this.db.onlineAgents.has(agentId));
        if (problem) {
            throw new Error(problem);
        }
        const before = this.view(room);
        const previousAgent = room.servedById ? this.users.getById(room.servedById) : undefined;
        const assigned = this.assign(room, agentId);
        this.leave(room, previousAgent?.id);
        return { before, ...assigned, ...(previousAgent && { previousAgent }) };
    }

    /**
     * Helper.forwardRoomToDepartment's state change. Auto Selection routes in the new department (the agent
     * picked must differ from the current one, else 'error-no-agents-online-in-department'); Manual Selection
     * puts the room back in the new department's queue, unserved (RoutingManager.unassignAgent).
     */
    forwardToDepartment(
        roomId: string,
        departmentId: string,
    ): { before: ILivechatRoom; room: ILivechatRoom; agent?: IUser; previousAgent?: IUser; previousDepartmentId?: string } | false {
        const room = this.mustGetLivechatRoom(roomId);
        if (!room.isOpen) {
            return false;
        }
        const problem = forwardToDepartmentProblem(room, this.db.departments.get(departmentId));
        if (problem) {
            throw new Error(problem);
        }
        const before = this.view(room);
        const previousAgent = room.servedById ? this.users.getById(room.servedById) : undefined;
        const previousDepartmentId = room.departmentId;
        const common = { before, ...(previousAgent && { previousAgent }), ...(previousDepartmentId && { previousDepartmentId }) };
        if (!routesOnCreation(this.settings)) {
            room.departmentId = departmentId;
            this.leave(room, previousAgent?.id);
            room.servedById = undefined;
            return { ...common, room: this.view(room) };
        }
        const candidates = selectableAgents(
            this.settings,
            this.onlineAgentsOf(departmentId),
            (id) => this.findOpenRoomsByAgentId(id).length,
        );
        const next = candidates.length > 0 ? candidates[(this.roundRobin.get(departmentId) || 0) % candidates.length] : undefined;
        if (room.servedById && (!next || next === room.servedById)) {
            throw new Error('error-no-agents-online-in-department');
        }
        this.roundRobin.set(departmentId, (this.roundRobin.get(departmentId) || 0) + 1);
        room.departmentId = departmentId;
        if (!next) {
            room.updatedAt = this.clock.now();
            return { ...common, room: this.view(room) };
        }
        const assigned = this.assign(room, next);
        this.leave(room, previousAgent?.id);
        return { ...common, ...assigned };
    }

    private assign(room: RoomRecord, agentId: string): { room: ILivechatRoom; agent: IUser } {
        room.servedById = agentId;
        room.userIds = [...new Set([...room.userIds, agentId])];
        room.updatedAt = this.clock.now();
        return { room: this.view(room), agent: this.users.getById(agentId)! };
    }

    /** RoutingManager.removeAllRoomSubscriptions: the previous agent is no longer a member. */
    private leave(room: RoomRecord, agentId: string | undefined): void {
        if (agentId) {
            room.userIds = room.userIds.filter((id) => id !== agentId);
            room.updatedAt = this.clock.now();
        }
    }

    /**
     * RC's closeRoom: the open check comes first, then the comment requirement. `closer` is who closed:
     * a user (agent, rocket.cat, app user) → closer 'user'; otherwise RC records the visitor as closer.
     * Returns false only in the 'return-false' (older RC) mode for an already closed room.
     */
    closeRoom(roomId: string, comment: string | undefined, closedBy: CloseBy, seenOpen?: boolean): ILivechatRoom | false {
        // `seenOpen`: openness as the caller's room object has it (an app's, possibly stale); RC checks that
        // object, not the database. A stale "open" then passes the check and the close fails further on when
        // the room's inquiry is already gone (doCloseRoom: 'Error removing inquiry'), closed or deleted alike.
        const room = seenOpen === undefined ? this.mustGetLivechatRoom(roomId) : this.db.rooms.get(roomId);
        if (seenOpen === false) {
            if (this.settings.closeClosedRoom === 'return-false') {
                return false;
            }
            throw new Error('error-room-closed');
        }
        if (seenOpen && this.settings.commentRequired && !comment?.trim()) {
            throw new Error('error-comment-is-required');
        }
        if (seenOpen && (!room || room.type !== 'l' || !room.isOpen)) {
            throw new Error('Error removing inquiry');
        }
        const record = room!;
        if (!record.isOpen) {
            if (this.settings.closeClosedRoom === 'return-false') {
                return false;
            }
            throw new Error('error-room-closed');
        }
        if (this.settings.commentRequired && !comment?.trim()) {
            throw new Error('error-comment-is-required');
        }
        const now = this.clock.now();
        Object.assign(record, {
            isOpen: false,
            closedAt: now,
            updatedAt: now,
            closer: 'userId' in closedBy ? 'user' : 'visitor',
            closedById: 'userId' in closedBy ? closedBy.userId : undefined,
        });
        return this.view(record);
    }

    /** Open rooms of a visitor (by token, as RC queries), optionally in one department. */
    findOpenRooms(visitorToken: string, departmentId: string | null): ILivechatRoom[] {
        return this.livechatRooms()
            .filter(
                (r) =>
                    r.isOpen &&
                    r.visitorId &&
                    this.db.visitors.get(r.visitorId)?.token === visitorToken &&
                    (!departmentId || r.departmentId === departmentId),
            )
            .map((r) => this.view(r));
    }

    /** Every livechat room of a visitor, closed ones included, oldest first (for tests). */
    roomsOfVisitor(visitorId: string): ILivechatRoom[] {
        return this.livechatRooms()
            .filter((r) => r.visitorId === visitorId)
            .map((r) => this.view(r));
    }

    findOpenRoomsByAgentId(agentId: string): ILivechatRoom[] {
        return this.livechatRooms()
            .filter((r) => r.isOpen && r.servedById === agentId)
            .map((r) => this.view(r));
    }

    isOpen(roomId: string): boolean {
        return !!this.db.rooms.get(roomId)?.isOpen;
    }

    private visitorRecordByToken(token: string): VisitorRecord | undefined {
        const id = this.visitorIdsByToken.get(token);
        return id === undefined ? undefined : this.db.visitors.get(id);
    }

    private livechatRooms(): RoomRecord[] {
        return [...this.db.rooms.values()].filter((r) => r.type === 'l');
    }

    private onlineAgentsOf(departmentId?: string): string[] {
        const pool = departmentId
            ? this.db.departments.get(departmentId)?.agentIds || []
            : [...this.db.users.values()].filter((u) => u.roles.includes('livechat-agent')).map((u) => u.id);
        return pool.filter((id) => this.db.onlineAgents.has(id));
    }

    private view(room: RoomRecord): ILivechatRoom {
        return roomView(this.db, room) as ILivechatRoom;
    }

    private mustGetLivechatRoom(roomId: string): RoomRecord {
        const room = this.db.rooms.get(roomId);
        if (!room || room.type !== 'l') {
            throw new Error(`error-invalid-room: ${roomId}`);
        }
        return room;
    }

    private mustGetDepartment(departmentId: string): DepartmentRecord {
        const department = this.db.departments.get(departmentId);
        if (!department) {
            throw new Error('error-invalid-department');
        }
        return department;
    }
}
