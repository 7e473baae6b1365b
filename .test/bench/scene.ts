// The ShiftLink scene of the benchmark: a department with online agents, representatives with a DM to the
// bot, sessions opened through the app (or cloned from one the app opened, see seedSessions), and the
// lookups the measurements need.
import * as crypto from 'crypto';

import type { Engine, ServerModel } from '../host';
import type { MessageRecord } from '../host/model/records';
import { messagesLanded } from './probes';

// The app's own names (src/config): read here, never imported, so the benchmark drives the packaged app only.
export const SETTING_DEPARTMENT = 'shiftlink_department';
const SESSION_KIND = 'shiftlink-session';

export interface Rep {
    repId: string;
    username: string;
    dmId: string;
}

/** One open ShiftLink session as the benchmark drives it. */
export interface OpenSession extends Rep {
    roomId: string;
    token: string;
    agentId: string;
}

export interface StoredRecord {
    id: string;
    associations: Array<{ model: string; id: string }>;
    data: Record<string, unknown>;
}

export class ShiftLinkScene {
    readonly departmentId: string;
    readonly agentIds: string[];
    botId = '';
    private repCounter = 0;

    constructor(
        readonly model: ServerModel,
        readonly engine: Engine,
        agents: number,
    ) {
        const department = model.livechat.addDepartment({ name: 'shift-managers' });
        this.departmentId = department.id!;
        this.agentIds = Array.from(
            { length: agents },
            (_, i) => model.livechat.addAgent({ username: `manager-${i}`, name: `Manager ${i}`, departmentIds: [department.id!] }).id,
        );
    }

    /** Configures the department and consumes the reconcile job the app scheduled on enable. */
    async configure(): Promise<void> {
        this.botId = (await this.engine.appUser()).id;
        await this.engine.setSetting(SETTING_DEPARTMENT, this.departmentId);
        await this.model.clock.advance(1);
        await this.engine.idle();
    }

    /** A representative with a DM to the bot (inserted directly: RC's DM lookup is indexed, the model's is a scan). */
    addRep(prefix = 'rep'): Rep {
        const username = `${prefix}-${++this.repCounter}`;
        const user = this.model.users.add({ username, name: `Rep ${this.repCounter}` });
        const dm = this.model.rooms.insertRoom({ type: 'd', userIds: [user.id, this.botId].sort(), creatorId: user.id });
        return { repId: user.id, username, dmId: dm.id };
    }

    /**
     * Opens sessions through the app, as real first messages, `batch` at a time. Resolves once every rep
     * has an open session, its first message relayed and the app idle.
     */
    async openThroughApp(reps: Rep[], batch: number): Promise<OpenSession[]> {
        const repIds = new Set(reps.map((r) => r.repId));
        for (let i = 0; i < reps.length; i += batch) {
            const slice = reps.slice(i, i + batch);
            // The first message ends up in the new livechat room, posted as the rep's visitor.
            const relayed = messagesLanded(
                this.model,
                slice.length,
                (m) => m.room?.type === 'l' && !!(m as { token?: string }).token && !m.type && m.text === 'first message',
            );
            await Promise.all(slice.map((rep) => this.engine.sendDirectMessage(rep.repId, rep.dmId, { text: 'first message' })));
            await relayed.done;
            await this.engine.idle(60_000);
        }
        const sessions = this.sessionRecords().filter((r) => repIds.has(String(r.data.repId)));
        if (sessions.length !== reps.length) {
            throw new Error(`expected ${reps.length} sessions opened through the app, found ${sessions.length}`);
        }
        const byRep = new Map(reps.map((r) => [r.repId, r]));
        return sessions.map((s) => this.toOpenSession(byRep.get(String(s.data.repId))!, s));
    }

    /**
     * Clones `template` (a session the app opened) `count` times with fresh ids: rep user, DM, visitor,
     * routed livechat room (custom fields included), the messages an opening leaves, and the records and
     * jobs the app keeps for it (records associated with one of its ids, jobs whose data hold one), as the
     * app stored them.
     * To the app such a session is one another server instance opened: it has never handled it. Used to
     * reach 10,000 open sessions within the time budget; every later step goes through the app.
     */
    seedSessions(template: OpenSession, count: number): OpenSession[] {
        const appId = this.engine.appId;
        const db = this.model.collections;
        const templateRoom = db.rooms.get(template.roomId)!;
        const templateVisitor = db.visitors.get(templateRoom.visitorId!)!;
        const mentions = (value: unknown) => {
            const text = JSON.stringify(value ?? null);
            return [template.repId, template.roomId, template.dmId, template.token].some((id) => text.includes(id));
        };
        // Per-session records only (associated with one of its ids): a record shared by all sessions is not cloned.
        const templateRecords = (this.model.persistence.all(appId) as StoredRecord[]).filter((r) => mentions(r.associations));
        const templateJobs = this.model.scheduler.list(appId).filter((job) => mentions(job.data));
        const messagesOf = (roomId: string) => (db.roomMessageIds.get(roomId) || []).map((id) => db.messages.get(id)!);
        const templateMessages = { dm: messagesOf(template.dmId), room: messagesOf(template.roomId) };

        const seeded: OpenSession[] = [];
        for (let i = 0; i < count; i++) {
            const rep = this.addRep('seeded');
            const token = crypto.randomBytes(32).toString('hex');
            const swap = new Map<string, string>([
                [template.repId, rep.repId],
                [template.dmId, rep.dmId],
                [template.token, token],
                [`shiftlink-${template.username}`, `shiftlink-${rep.username}`],
                [template.username, rep.username],
            ]);
            const { id: _visitorId, ...visitorFields } = structuredClone(templateVisitor);
            const visitor = this.model.livechat.registerVisitor({
                ...substitute(visitorFields, swap),
                token,
                name: `Rep ${this.repCounter}`,
            } as never);
            swap.set(templateVisitor.id, visitor.id!);
            const room = this.model.livechat.openRoom(visitor.id!, {
                departmentId: templateRoom.departmentId,
                source: structuredClone(templateRoom.source),
                customFields: substitute(templateRoom.customFields, swap),
            });
            const agentId = this.model.livechat.routeRoom(room.id)!.agent.id;
            swap.set(template.roomId, room.id);
            swap.set(template.agentId, agentId);
            for (const message of templateMessages.room) {
                this.model.rooms.insertMessage(cloneMessage(message, room.id, swap));
            }
            for (const message of templateMessages.dm) {
                this.model.rooms.insertMessage(cloneMessage(message, rep.dmId, swap));
            }
            // Jobs first: the records may hold their ids.
            for (const job of templateJobs) {
                swap.set(
                    job.id,
                    this.model.scheduler.scheduleOnce(appId, {
                        id: job.processorId,
                        when: new Date(job.when.getTime()),
                        data: substitute(job.data, swap),
                    }),
                );
            }
            for (const record of templateRecords) {
                this.model.persistence.put(appId, substitute(record.associations, swap), substitute(record.data, swap));
            }
            seeded.push({ ...rep, roomId: room.id, token, agentId });
        }
        return seeded;
    }

    /**
     * Closes the sessions' rooms as their agents (RC's close from the agent's side): the app ends each
     * session on IPostLivechatRoomClosed and tells the rep. Resolves when every rep got the notice.
     */
    async closeAsAgents(sessions: OpenSession[], batch: number): Promise<void> {
        for (let i = 0; i < sessions.length; i += batch) {
            const slice = sessions.slice(i, i + batch);
            const dms = new Set(slice.map((s) => s.dmId));
            const notified = messagesLanded(this.model, slice.length, (m) => dms.has(m.room?.id) && m.sender?.id === this.botId);
            for (const s of slice) {
                await this.engine.closeLivechatRoom(s.roomId, s.agentId, 'done');
            }
            await notified.done;
            await this.engine.idle(60_000);
        }
    }

    /** The app's session records (one per open session). */
    sessionRecords(): StoredRecord[] {
        return (this.model.persistence.all(this.engine.appId) as StoredRecord[]).filter((r) => hasKind(r, SESSION_KIND));
    }

    /** Pending idle jobs of the app by session room (jobs without a room id, e.g. reconcile, are left out). */
    jobsPerRoom(): Map<string, number> {
        const counts = new Map<string, number>();
        for (const job of this.model.scheduler.list(this.engine.appId)) {
            const roomId = (job.data as { roomId?: string } | undefined)?.roomId;
            if (roomId) {
                counts.set(roomId, (counts.get(roomId) || 0) + 1);
            }
        }
        return counts;
    }

    private toOpenSession(rep: Rep, record: StoredRecord): OpenSession {
        const roomId = String(record.data.roomId);
        const room = this.model.collections.rooms.get(roomId);
        const token = room?.visitorId ? this.model.collections.visitors.get(room.visitorId)?.token : undefined;
        if (!room?.servedById || !token) {
            throw new Error(`session of ${rep.username} has no routed room or visitor token`);
        }
        return { ...rep, roomId, token, agentId: room.servedById };
    }
}

function hasKind(record: StoredRecord, kind: string): boolean {
    return record.associations.some((a) => a.id === kind);
}

/** A deep copy of `value` with every occurrence of a key of `swap` in its strings replaced. */
export function substitute<T>(value: T, swap: Map<string, string>): T {
    if (typeof value === 'string') {
        let s: string = value;
        for (const [from, to] of swap) {
            if (s.includes(from)) {
                s = s.split(from).join(to);
            }
        }
        return s as unknown as T;
    }
    if (value instanceof Date) {
        return new Date(value.getTime()) as unknown as T;
    }
    if (Array.isArray(value)) {
        return value.map((v) => substitute(v, swap)) as unknown as T;
    }
    if (value && typeof value === 'object') {
        return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, swap)])) as T;
    }
    return value;
}

function cloneMessage(
    message: MessageRecord,
    roomId: string,
    swap: Map<string, string>,
): Parameters<ServerModel['rooms']['insertMessage']>[0] {
    const { id: _id, createdAt: _c, updatedAt: _u, roomId: _r, ...rest } = message;
    return { ...substitute(rest, swap), roomId };
}
