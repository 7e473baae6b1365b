import type { ILivechatMessage, ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import type { Engine, ServerModel } from '../host';
import { ProcessorId } from '../../src/config/ids';
import { SettingId } from '../../src/config/settings';
import { idlePolicyFrom } from '../../src/lib/idlePolicy';

// The JSON the page (public/app.js) renders. Times are ISO strings of the virtual clock.

export interface DmMessage {
    id: string;
    text?: string;
    at: string;
    sender: string;
    senderName?: string;
    alias?: string;
    fromBot: boolean;
    attachments?: IMessageAttachment[];
}

export interface RoomMessage {
    id: string;
    text?: string;
    at: string;
    /** RC's message type for system messages ('livechat-started', 'livechat-close'). */
    system?: string;
    fromVisitor: boolean;
    senderName?: string;
    attachments?: IMessageAttachment[];
}

export interface Note {
    id: string;
    text: string;
    at: string;
}

export interface RoomState {
    id: string;
    open: boolean;
    visitorName?: string;
    servedBy?: string;
    closeComment?: string;
    messages: RoomMessage[];
    notifications: Note[];
}

export interface SettingState {
    id: string;
    type: string;
    label: string;
    description?: string;
    multiline?: boolean;
    values?: Array<{ key: string; label: string }>;
    value: unknown;
}

export interface SessionState {
    roomId: string;
    closeAt: string | null;
    /** null when the warning is off. */
    warnAt: string | null;
    /** When ShiftLink's idle job for the room next runs (it re-reads the room then). */
    jobAt: string | null;
}

export interface SandboxState {
    clock: string;
    rep: { id: string; username: string; name: string };
    dm: DmMessage[];
    repNotifications: Note[];
    agent: { id: string; username: string; name: string; online: boolean };
    rooms: RoomState[];
    session: SessionState | null;
    settings: SettingState[];
    logs: Array<{ at: string; level: string; text: string }>;
}

/** Who is who in the sandbox (seeded once at start). */
export interface Cast {
    repId: string;
    dmId: string;
    botId: string;
    agentId: string;
    departmentId: string;
}

// Enough history for the panel; a long-running sandbox would otherwise send ever-growing snapshots.
const MAX_LOG_LINES = 500;

/**
 * The engine logs every app call it makes as a structured debug entry ({"msg":"'executePostMessageSent'
 * was successfully called!"…}): a few per message, burying the app's own lines. Errors stay.
 */
const isEngineTrace = (severity: string, text: string): boolean => severity === 'debug' && text.startsWith('{"msg":');

const iso = (date: Date | string | undefined): string => new Date(date ?? 0).toISOString();

export function settingsOf(engine: Engine, labels: Record<string, string>): SettingState[] {
    const settings = engine.getManager().getSettingsManager().getAppSettings(engine.appId);
    return Object.values(settings).map((s: ISetting) => ({
        id: s.id,
        // The engine's NUMBER type is 'int'.
        type: s.type === 'int' ? 'number' : s.type,
        label: labels[s.i18nLabel] ?? s.id,
        description: s.i18nDescription ? labels[s.i18nDescription] : undefined,
        multiline: s.multiline,
        values: s.values?.map((v) => ({ key: v.key, label: labels[v.i18nLabel] ?? v.key })),
        value: s.value ?? s.packageValue,
    }));
}

/** The rep's open session as ShiftLink stores it, with the countdown its idle job works towards. */
function sessionOf(model: ServerModel, engine: Engine, cast: Cast, settings: SettingState[]): SessionState | null {
    const record = model.persistence
        .all(engine.appId)
        .find((r) => r.associations.some((a) => a.id === 'shiftlink-session') && (r.data as { repId?: string }).repId === cast.repId);
    if (!record) {
        return null;
    }
    const session = record.data as { roomId: string; openedAt: number };
    const room = model.rooms.getById(session.roomId) as ILivechatRoom | undefined;
    const setting = (id: SettingId) => settings.find((s) => s.id === id)?.value;
    const policy = idlePolicyFrom(setting(SettingId.IdleTimeoutMinutes), setting(SettingId.WarningMinutes));
    // ShiftLink's activity clock (jobs/idleCheck.ts lastActivity): the room's last message, not before the session opened.
    const lastActivity = Math.max(session.openedAt, room?.lastModifiedAt ? new Date(room.lastModifiedAt).getTime() : 0);
    const closeAt = lastActivity + policy.timeoutMs;
    const job = model.scheduler
        .list(engine.appId)
        .find((j) => j.processorId.startsWith(ProcessorId.IdleCheck) && (j.data as { roomId?: string } | undefined)?.roomId === session.roomId);
    return {
        roomId: session.roomId,
        closeAt: room ? iso(new Date(closeAt)) : null,
        warnAt: room && policy.warningMs > 0 ? iso(new Date(closeAt - policy.warningMs)) : null,
        jobAt: job ? iso(job.when) : null,
    };
}

function roomMessage(m: IMessage): RoomMessage {
    return {
        id: m.id!,
        text: m.text,
        at: iso(m.createdAt),
        system: m.type,
        fromVisitor: !m.type && !!(m as ILivechatMessage).token,
        senderName: m.alias || m.sender.name || m.sender.username,
        attachments: m.attachments,
    };
}

export function buildSnapshot(model: ServerModel, engine: Engine, cast: Cast, labels: Record<string, string>): SandboxState {
    const rep = model.users.getById(cast.repId)!;
    const agent = model.users.getById(cast.agentId)!;
    // Stable ids for notifications (they have none): their position in the notifier's history.
    const notifications = model.notifications.all().map((n, i) => ({ ...n, id: `n${i}` }));
    const note = (n: (typeof notifications)[number]): Note => ({ id: n.id, text: n.message.text ?? '', at: iso(n.at) });
    const settings = settingsOf(engine, labels);
    // Map order is creation order, which the page relies on to sort the queue.
    const rooms = [...model.collections.rooms.values()]
        .filter((r) => r.type === 'l')
        .map((record): RoomState => {
            const room = model.rooms.getById(record.id) as ILivechatRoom;
            const messages = model.rooms.getMessages(record.id);
            return {
                id: room.id,
                open: room.isOpen,
                visitorName: room.visitor?.name || room.visitor?.username,
                servedBy: room.servedBy?.name || room.servedBy?.username,
                closeComment: messages.filter((m) => m.type === 'livechat-close').pop()?.text,
                messages: messages.map(roomMessage),
                notifications: notifications.filter((n) => n.roomId === room.id).map(note),
            };
        });
    return {
        clock: iso(model.clock.now()),
        rep: { id: rep.id, username: rep.username, name: rep.name },
        dm: model.rooms.getMessages(cast.dmId).map((m) => ({
            id: m.id!,
            text: m.text,
            at: iso(m.createdAt),
            sender: m.sender.username,
            senderName: m.sender.name,
            alias: m.alias,
            fromBot: m.sender.id === cast.botId,
            attachments: m.attachments,
        })),
        repNotifications: notifications.filter((n) => n.userId === cast.repId || n.roomId === cast.dmId).map(note),
        agent: { id: agent.id, username: agent.username, name: agent.name, online: model.collections.onlineAgents.has(agent.id) },
        rooms,
        session: sessionOf(model, engine, cast, settings),
        settings,
        logs: model.logs
            .lines(engine.appId)
            .filter((l) => !isEngineTrace(l.severity, l.text))
            .slice(-MAX_LOG_LINES)
            .map((l) => ({ at: iso(l.at), level: l.severity, text: l.text })),
    };
}
