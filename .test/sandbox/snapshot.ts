import type { ILivechatMessage, ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';

import type { Engine, ServerModel } from '../host';
import { ProcessorId } from '../../src/config/ids';
import { SettingId } from '../../src/config/settings';
import { idlePolicyFrom } from '../../src/lib/idlePolicy';
import type { AgentState, ChatMessage, RoomState, SandboxState, SessionState, SettingState } from './state';

export type { SandboxState, SettingState } from './state';

/** Who is who in the sandbox (seeded once at start). */
export interface Cast {
    repId: string;
    dmId: string;
    botId: string;
    agentId: string;
    departmentId: string;
    /** The second agent (another department) rooms can be handed over to. */
    colleagueId: string;
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
        .find(
            (j) =>
                j.processorId.startsWith(ProcessorId.IdleCheck) && (j.data as { roomId?: string } | undefined)?.roomId === session.roomId,
        );
    return {
        roomId: session.roomId,
        closeAt: room ? iso(new Date(closeAt)) : null,
        warnAt: room && policy.warningMs > 0 ? iso(new Date(closeAt - policy.warningMs)) : null,
        jobAt: job ? iso(job.when) : null,
    };
}

function chatMessage(m: IMessage, botId: string, ephemeral = false): ChatMessage {
    return {
        id: m.id!,
        at: iso(m.createdAt),
        text: m.text,
        system: m.type,
        sender: { id: m.sender.id, username: m.sender.username, name: m.sender.name || m.sender.username },
        alias: m.alias,
        app: m.sender.id === botId,
        visitor: !m.type && !!(m as ILivechatMessage).token,
        ephemeral,
        attachments: m.attachments,
        blocks: m.blocks as unknown[] | undefined,
    };
}

/** Stored messages and ephemeral ones merged by time; a stable sort keeps arrival order for equal times. */
function byTime(messages: ChatMessage[]): ChatMessage[] {
    return messages
        .map((m, i) => ({ m, i }))
        .sort((a, b) => a.m.at.localeCompare(b.m.at) || a.i - b.i)
        .map(({ m }) => m);
}

export function buildSnapshot(model: ServerModel, engine: Engine, cast: Cast, labels: Record<string, string>): SandboxState {
    const rep = model.users.getById(cast.repId)!;
    const bot = model.users.getById(cast.botId)!;
    const departmentName = (id?: string) => (id ? model.livechat.findDepartmentByIdOrName(id)?.name : undefined);
    const settings = settingsOf(engine, labels);
    // The notifier's history: RC shows these only to their user, inside the room they were sent from.
    const notifications = model.notifications.all();
    const ephemeral = (keep: (n: (typeof notifications)[number]) => boolean) =>
        notifications.filter(keep).map((n) => chatMessage({ ...n.message, createdAt: n.at }, cast.botId, true));
    const agents = [cast.agentId, cast.colleagueId].map((id): AgentState => {
        const user = model.users.getById(id)!;
        const record = [...model.collections.departments.values()].find((d) => d.agentIds.includes(id));
        return { id, username: user.username, name: user.name, online: model.collections.onlineAgents.has(id), department: record?.name };
    });
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
                servedBy: room.servedBy ? { id: room.servedBy.id, name: room.servedBy.name || room.servedBy.username } : undefined,
                department: departmentName(record.departmentId),
                closeComment: messages.filter((m) => m.type === 'livechat-close').pop()?.text,
                closedAt: record.closedAt ? iso(record.closedAt) : undefined,
                // The app's notices to the room's agent show in the room, to them only.
                messages: byTime([
                    ...messages.map((m) => chatMessage(m, cast.botId)),
                    ...ephemeral((n) => n.roomId === room.id && n.userId !== cast.repId),
                ]),
            };
        });
    return {
        clock: iso(model.clock.now()),
        bot: { id: bot.id, username: bot.username, name: bot.name },
        rep: { id: rep.id, username: rep.username, name: rep.name },
        dm: byTime([
            ...model.rooms.getMessages(cast.dmId).map((m) => chatMessage(m, cast.botId)),
            ...ephemeral((n) => n.userId === cast.repId || n.roomId === cast.dmId),
        ]),
        agents,
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
