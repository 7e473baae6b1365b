import * as fs from 'fs';
import * as path from 'path';

import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';

import type { EndpointRequest, EndpointResponse } from '../host';
import { Engine, ServerModel, packageApp } from '../host';
import { repoRoot } from '../host/paths';
import { SLASH_COMMAND } from '../../src/config/ids';
import { SettingId } from '../../src/config/settings';
import type { Cast, SandboxState } from './snapshot';
import { buildSnapshot, settingsOf } from './snapshot';

export interface SettingResult {
    ok: boolean;
    /** The value in effect after the call (the app may have kept the previous one). */
    value?: unknown;
    error?: string;
}

/** An action the page asked for that the server refuses (bad input, closed room): HTTP 400. */
export class SandboxError extends Error {}

// Coalesces the bursts of model calls one app action makes into one snapshot.
const REFRESH_DELAY_MS = 10;
// setTimeout's limit; a job further away than ~24 days is re-armed when this fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * ShiftLink installed in the integration host (the real Apps-Engine over a modelled server) with one
 * representative, one shift manager and the app configured; the page's actions, and a snapshot of
 * everything the page shows, pushed to subscribers whenever it changes.
 */
export class Sandbox {
    private readonly listeners = new Set<(state: SandboxState) => void>();
    private readonly labels: Record<string, string>;
    private readonly cleanups: Array<() => void> = [];
    private refreshTimer?: NodeJS.Timeout;
    private lastKey = '';
    private jobTimer?: NodeJS.Timeout;
    private jobTimerAt?: number;
    // Clock moves run one at a time: two overlapping runs of due jobs could run a job twice.
    private clockChain: Promise<void> = Promise.resolve();
    private stopped = false;

    private constructor(
        readonly model: ServerModel,
        readonly engine: Engine,
        readonly cast: Cast,
    ) {
        this.labels = JSON.parse(fs.readFileSync(path.join(repoRoot, 'i18n', 'en.json'), 'utf8'));
        // The app writes on its own after an action returns (listeners run detached, as in RC): every
        // engine call on the model schedules a refresh, and the snapshot is only sent if it changed.
        this.cleanups.push(model.calls.subscribe(() => this.refresh()));
    }

    static async start(options: { secret: string; zipPath?: string }): Promise<Sandbox> {
        const model = new ServerModel();
        const engine = await Engine.start(model, { zipPath: options.zipPath ?? (await packageApp(repoRoot)) });
        try {
            const bot = await engine.appUser();
            const rep = model.users.add({ username: 'rita', name: 'Rita Rep' });
            const dm = model.rooms.createDirect([rep.id, bot.id]);
            const department = model.livechat.addDepartment({ name: 'Shift managers' });
            const agent = model.livechat.addAgent({ username: 'ana', name: 'Ana Agent', departmentIds: [department.id] });
            // In another department, so routing never picks her for ShiftLink's rooms: she gets them by handover.
            const escalations = model.livechat.addDepartment({ name: 'Escalations' });
            const colleague = model.livechat.addAgent({ username: 'bruno', name: 'Bruno Backup', departmentIds: [escalations.id] });
            // By name, as an admin would type it (the setting takes an id or a name): the drawer then shows no id.
            await engine.setSetting(SettingId.Department, department.name);
            await engine.setSetting(SettingId.SharedSecret, options.secret);
            // The app publishes its endpoints when enabled with a secret set: disable and enable, as docs/admin.md tells admins.
            await engine.disableApp();
            await engine.enableApp();
            const cast = {
                repId: rep.id,
                dmId: dm.id,
                botId: bot.id,
                agentId: agent.id,
                departmentId: department.id,
                colleagueId: colleague.id,
            };
            const sandbox = new Sandbox(model, engine, cast);
            // ShiftLink's onEnable scheduled its reconcile job for "now": run it, as a server would.
            await sandbox.advance(0);
            return sandbox;
        } catch (e) {
            await engine.stop();
            throw e;
        }
    }

    snapshot(): SandboxState {
        return buildSnapshot(this.model, this.engine, this.cast, this.labels);
    }

    /** Called with every changed snapshot; returns the unsubscribe function. */
    subscribe(listener: (state: SandboxState) => void): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    async repMessage(text: string): Promise<void> {
        await this.act(this.engine.sendDirectMessage(this.cast.repId, this.cast.dmId, { text: nonEmpty(text, 'text') }));
    }

    async repCommand(args: string[]): Promise<void> {
        await this.act(this.engine.runSlashCommand(this.cast.repId, this.cast.dmId, SLASH_COMMAND, args));
    }

    /** The manager pane writes as the agent serving the room (Ana, or Bruno after a handover). */
    async agentMessage(roomId: string, text: string): Promise<void> {
        await this.act(this.engine.sendLivechatMessage(this.servingAgent(roomId), roomId, { text: nonEmpty(text, 'text') }));
    }

    async agentClose(roomId: string, comment: string): Promise<void> {
        await this.act(this.engine.closeLivechatRoom(roomId, this.servingAgent(roomId), comment));
    }

    async agentOnline(agentId: string, online: boolean): Promise<void> {
        await this.act(Promise.resolve(this.model.livechat.setAgentOnline(this.knownAgent(agentId), online)));
    }

    /** The serving agent hands the room over to another agent (RC's "Forward chat"). */
    async forward(roomId: string, agentId: string): Promise<void> {
        await this.act(this.engine.forwardRoom(roomId, { agentId: this.knownAgent(agentId) }, this.servingAgent(roomId)));
    }

    /** A click on a button of an app's message (stored or ephemeral), by the rep or by the room's agent. */
    async clickButton(as: string, messageId: string, actionId: string, value?: string): Promise<void> {
        const userId = as === 'rep' ? this.cast.repId : this.knownAgent(as);
        await this.act(this.engine.clickButton(userId, nonEmpty(messageId, 'messageId'), nonEmpty(actionId, 'actionId'), value));
    }

    /** Moves the virtual clock; due jobs (idle warning, idle close) run on the way. */
    advance(minutes: number): Promise<void> {
        if (!(Number.isFinite(minutes) && minutes >= 0 && minutes <= 1440)) {
            return Promise.reject(new SandboxError('minutes must be a number from 0 to 1440'));
        }
        const run = this.clockChain.then(() => this.act(this.stepTo(this.model.clock.nowMs() + minutes * 60_000)));
        this.clockChain = run.catch(() => undefined);
        return run;
    }

    /**
     * An admin saving a setting: the engine's settings path (the app's onPreSettingUpdate, then
     * onSettingUpdated). ShiftLink refuses an unknown department by keeping the old value: then the
     * value in effect comes back with the reason the app logged.
     */
    async setSetting(id: string, raw: unknown): Promise<SettingResult> {
        const setting = settingsOf(this.engine, this.labels).find((s) => s.id === id);
        if (!setting) {
            return { ok: false, error: `Unknown setting ${id}` };
        }
        let value = raw;
        if (setting.type === 'number') {
            value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
            if (typeof value !== 'number' || !Number.isFinite(value)) {
                return { ok: false, error: `${setting.label}: a number is required`, value: setting.value };
            }
        }
        const logged = this.model.logs.lines(this.engine.appId).length;
        await this.act(this.engine.setSetting(id, value));
        const stored = settingsOf(this.engine, this.labels).find((s) => s.id === id)?.value;
        if (JSON.stringify(stored) === JSON.stringify(value)) {
            return { ok: true, value: stored };
        }
        const reason = this.model.logs
            .lines(this.engine.appId)
            .slice(logged)
            .filter((l) => l.severity === 'error')
            .pop()?.text;
        return { ok: true, value: stored, error: reason || 'the app kept the previous value' };
    }

    /** One of the app's HTTP endpoints, as RC's router calls it. */
    async callEndpoint(endpointPath: string, request: EndpointRequest): Promise<EndpointResponse> {
        return this.act(this.engine.callEndpoint(endpointPath, request));
    }

    async stop(): Promise<void> {
        this.stopped = true;
        this.cleanups.splice(0).forEach((cleanup) => cleanup());
        clearTimeout(this.refreshTimer);
        clearTimeout(this.jobTimer);
        this.listeners.clear();
        await this.clockChain;
        await this.engine.stop();
    }

    /**
     * One job at a time, and what it set off (the close event's listeners run detached, as in RC) settles
     * before the clock moves on: on a server those follow within milliseconds, so the rep's close notice
     * carries the time of the room's close line, not the end of the fast-forward.
     */
    private async stepTo(target: number): Promise<void> {
        for (;;) {
            const next = this.model.scheduler.list()[0]?.when.getTime();
            if (next === undefined || next > target) {
                break;
            }
            await this.model.clock.advance(Math.max(0, next - this.model.clock.nowMs()));
            await this.engine.idle();
        }
        await this.model.clock.advance(Math.max(0, target - this.model.clock.nowMs()));
    }

    private servingAgent(roomId: string): string {
        const room = this.model.rooms.getById(roomId) as ILivechatRoom | undefined;
        if (!room || room.type !== 'l') {
            throw new SandboxError(`No Omnichannel room ${roomId}`);
        }
        return room.servedBy?.id ?? this.cast.agentId;
    }

    private knownAgent(agentId: unknown): string {
        if (agentId !== this.cast.agentId && agentId !== this.cast.colleagueId) {
            throw new SandboxError(`Unknown agent ${String(agentId)}`);
        }
        return agentId;
    }

    /** Runs an action, lets the app finish what it started, and refreshes the page either way. */
    private async act<T>(action: Promise<T>): Promise<T> {
        try {
            return await action;
        } catch (e) {
            // Refusals of the modelled server ('error-room-closed', 'no-agent-online'…) are the caller's problem.
            throw e instanceof SandboxError ? e : new SandboxError(e instanceof Error ? e.message : String(e));
        } finally {
            this.refresh();
            await this.engine.idle().catch(() => undefined);
        }
    }

    private refresh(): void {
        if (this.refreshTimer || this.stopped) {
            return;
        }
        this.refreshTimer = setTimeout(() => {
            this.refreshTimer = undefined;
            this.armJobTimer();
            const state = this.snapshot();
            // Real time moves the clock between snapshots: only the clock's offset marks a change.
            const key = JSON.stringify({ ...state, clock: this.model.clock.getOffset() });
            if (key !== this.lastKey) {
                this.lastKey = key;
                this.listeners.forEach((listener) => listener(state));
            }
        }, REFRESH_DELAY_MS);
    }

    /**
     * Time also passes for real, as on a server: the next pending job runs when its time comes, without
     * waiting for a fast-forward (one timer for the soonest job, re-armed when that changes).
     */
    private armJobTimer(): void {
        const next = this.model.scheduler.list()[0]?.when.getTime();
        if (next === this.jobTimerAt) {
            return;
        }
        clearTimeout(this.jobTimer);
        this.jobTimerAt = next;
        if (next === undefined) {
            return;
        }
        this.jobTimer = setTimeout(
            () => {
                this.jobTimerAt = undefined;
                this.advance(0).catch(() => undefined);
            },
            Math.min(MAX_TIMER_MS, Math.max(0, next - this.model.clock.nowMs())),
        );
        this.jobTimer.unref();
    }
}

function nonEmpty(text: unknown, field: string): string {
    if (typeof text !== 'string' || text.trim() === '') {
        throw new SandboxError(`${field} is required`);
    }
    return text;
}
