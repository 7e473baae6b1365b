import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

import type { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import type { IMessage, IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';
import type { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';
import { SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import type { IUser } from '@rocket.chat/apps-engine/definition/users';
import { AppManager } from '@rocket.chat/apps-engine/server/AppManager';
import type { AppFabricationFulfillment } from '@rocket.chat/apps-engine/server/compiler';
import type { DenoRuntimeSubprocessController } from '@rocket.chat/apps-engine/server/runtime/deno/AppsEngineDenoRuntime';

import type { InstanceState } from './bridges/context';
import type { ForwardTarget } from './LivechatRouting';
import { LivechatRouting } from './LivechatRouting';
import type { InteractionResponse } from './uiInteraction';
import { buildBlockAction } from './uiInteraction';
import { HostAppBridges } from './bridges/HostAppBridges';
import type { HttpOptions } from './httpLayer';
import { sendHttp } from './httpLayer';
import type { Job, JobOutcome, JobRunner } from './model/scheduler';
import type { ModelPort } from './model/port';
import { localPort } from './model/port';
import type { ServerModel } from './model/ServerModel';
import { scratchDir } from './paths';
import { engineHasEvent, runtimeControllerOf } from './engines/compat';
import { EngineLogStorage, EngineMetadataStorage } from './engines/storages';
import { runDenoRuntimeFrom } from './engines/runtimeLaunch';
import { launchDenoWithGc } from './runtime/benchLaunch';
import { installDenoRuntime, writeClockOffset } from './runtime/bundleDenoRuntime';
import { captureEngineConsole, engineConsoleOutput, hostLog } from './runtime/consoleCapture';
import { prepareProcessEnv } from './runtime/processEnv';
import { ServerSide } from './ServerSide';
import { HostSourceStorage } from './storage/storages';
import { WorkTracker } from './WorkTracker';

export interface EngineStartOptions {
    /** The packaged app (see packageApp). Installed on the first start over a model, loaded afterwards. */
    zipPath: string;
    /** The engine's temp folder (Deno runtime bundle, clock offset); a fresh one under .tmp/ by default. */
    tempDir?: string;
    /** Bench mode: the app's Deno process runs with gc() exposed and answers `bench:*` requests (runtime/benchHook.ts). */
    benchRuntime?: boolean;
}

export interface MessageContent {
    text?: string;
    alias?: string;
    attachments?: IMessageAttachment[];
}

export interface EndpointRequest {
    method?: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    params?: Record<string, string>;
    content?: unknown;
    /** For PRIVATE endpoints: the hash RC takes from the URL. */
    privateHash?: string;
    user?: IUser;
}

export interface EndpointResponse {
    status: number;
    headers: Record<string, string>;
    content: unknown;
}

/** Who closes a livechat room: an agent (user id), RC's abandoned-room monitor (as rocket.cat), or the visitor. */
export type LivechatCloser = string | 'monitor' | 'visitor';

const MONITOR_COMMENT = 'Closed automatically because chat was abandoned';

/**
 * One Rocket.Chat server instance running the real Apps-Engine (AppManager + Deno runtime) over the model.
 * `Engine.start` builds the instance of this process over a ServerModel; a second instance runs in another
 * process (see startSecondInstance) with the same class over an IPC port.
 */
export class Engine {
    readonly server: ServerSide;
    readonly routing: LivechatRouting;
    private manager!: AppManager;
    private readonly work = new WorkTracker();
    private readonly cleanups: Array<() => void> = [];
    private readonly instance: InstanceState;

    private constructor(
        readonly port: ModelPort,
        readonly appId: string,
        readonly tempDir: string,
        private readonly ownsTempDir = false,
        private readonly benchRuntime = false,
    ) {
        this.server = new ServerSide(port, (name, payload) => this.fire(name, payload));
        this.routing = new LivechatRouting(port, this.server, (name, payload) => this.fire(name, payload));
        this.instance = {
            processors: new Map<string, IProcessor>(),
            commands: new Set<string>(),
            apis: new Map<string, Set<string>>(),
            appName: (id) => this.manager?.getOneById(id)?.getName(),
        };
    }

    /**
     * The engine of this process over `model`: installs the app from the zip (with the permissions its
     * app.json asks for, as RC grants them) or, when the model already has it installed, loads it as a
     * restarted server would. This engine runs due jobs when the model's clock advances.
     */
    static async start(model: ServerModel, options: EngineStartOptions): Promise<Engine> {
        const zip = fs.readFileSync(options.zipPath);
        const tempDir = ensureDir(options.tempDir || fs.mkdtempSync(path.join(ensureDir(scratchDir), 'engine-')));
        const engine = new Engine(localPort(model), readAppInfo(zip).id, tempDir, !options.tempDir, options.benchRuntime);
        writeClockOffset(engine.tempDir, model.clock.getOffset());
        engine.cleanups.push(model.clock.onOffsetChange((offset) => writeClockOffset(engine.tempDir, offset)));
        engine.cleanups.push(model.scheduler.addRunner(engine.jobRunner()));
        try {
            await engine.boot();
            if (model.apps.retrieveOne(engine.appId)) {
                await engine.manager.enableAll();
            } else {
                await engine.install(zip);
            }
        } catch (e) {
            await engine.stop();
            throw e;
        }
        return engine;
    }

    /** Another server instance over an existing installation (the app is loaded from the stored package). */
    static async attach(port: ModelPort, appId: string, tempDir: string): Promise<Engine> {
        const engine = new Engine(port, appId, tempDir);
        await engine.boot();
        await engine.manager.enableAll();
        return engine;
    }

    getManager(): AppManager {
        return this.manager;
    }

    async appUser(): Promise<IUser> {
        const user = await this.port.users.getAppUser(this.appId);
        if (!user) {
            throw new Error('The app has no bot user (not installed?)');
        }
        return user;
    }

    async appStatus(): Promise<AppStatus> {
        return this.manager.getOneById(this.appId).getStatus();
    }

    /** A server restart: Deno processes stop, a new AppManager over the same stores loads the stored app. */
    async restart(): Promise<void> {
        await this.idle();
        await this.stopRuntimes();
        this.instance.processors.clear();
        this.instance.commands.clear();
        this.instance.apis.clear();
        await this.boot();
        await this.manager.enableAll();
    }

    /**
     * The app's Deno process dies as in a crash (SIGKILL). The engine's liveness manager notices the exit
     * and starts a new process (LivenessManager.handleExit → AppsEngineDenoRuntime.restartApp: initialize,
     * then onEnable for an enabled app). Resolves once the new process serves requests.
     */
    async crashRuntime(timeoutMs = 30_000): Promise<void> {
        const controller = runtimeControllerOf(this.manager.getOneById(this.appId)) as unknown as {
            deno?: { pid?: number };
            state?: string;
        };
        const pid = controller.deno?.pid;
        if (!pid) {
            throw new Error('The app has no Deno process to kill');
        }
        const restarted = new Promise<void>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`The engine did not restart the app within ${timeoutMs} ms`)), timeoutMs);
            const check = setInterval(() => {
                if (controller.deno?.pid && controller.deno.pid !== pid && controller.state === 'ready') {
                    clearInterval(check);
                    clearTimeout(timer);
                    resolve();
                }
            }, 20);
        });
        process.kill(pid, 'SIGKILL');
        await restarted;
    }

    async disableApp(): Promise<void> {
        await this.manager.disable(this.appId, AppStatus.MANUALLY_DISABLED);
    }

    async enableApp(): Promise<void> {
        const ok = await this.manager.enable(this.appId);
        if (!ok) {
            throw new Error(`Enabling the app failed (status ${await this.appStatus()})`);
        }
    }

    async uninstallApp(): Promise<void> {
        await this.manager.remove(this.appId, { user: await this.admin() });
    }

    /**
     * Stops this instance's Deno processes and detaches from the model (jobs stay in the model). Work in
     * flight gets a moment to finish: a request cut off by the kill would hold a 30 s engine timer.
     */
    async stop(): Promise<void> {
        this.cleanups.splice(0).forEach((cleanup) => cleanup());
        await this.idle(2000).catch((e) => hostLog(`stopping while busy: ${e.message}`));
        await this.stopRuntimes();
        if (this.ownsTempDir) {
            fs.rmSync(this.tempDir, { recursive: true, force: true });
        }
    }

    /**
     * A user's message in a DM room: stored, then IPostMessageSent (the engine derives IPostMessageSentToBot).
     * RC's executeSendMessage refuses a text over Message_MaxAllowedSize before anything is stored.
     */
    async sendDirectMessage(fromUserId: string, roomId: string, content: MessageContent): Promise<IMessage> {
        return (await this.server.executeSendMessage({ roomId, sender: fromUserId, ...content }))!;
    }

    /**
     * A burst: starts each step `intervalMs` (real ms) after the previous one without waiting for it or for
     * the app (RC fires message events without awaiting them, so the next message's events start while the
     * previous ones still run). Steps are any actions: DMs, an agent's close in the middle, a webhook call.
     * Resolves once every step settled (not once the app is done: use `idle()` or `waitFor`).
     */
    async burst<T>(steps: Array<() => Promise<T>>, intervalMs = 15): Promise<Array<PromiseSettledResult<T>>> {
        const started: Array<Promise<T>> = [];
        for (const [index, step] of steps.entries()) {
            if (index > 0) {
                await new Promise((resolve) => setTimeout(resolve, intervalMs));
            }
            started.push(step());
        }
        return Promise.allSettled(started);
    }

    /** A rep typing `texts` into a DM `intervalMs` apart (see burst); the stored messages, in order. */
    async burstDirectMessages(fromUserId: string, roomId: string, texts: string[], intervalMs = 15): Promise<IMessage[]> {
        const results = await this.burst(
            texts.map((text) => () => this.sendDirectMessage(fromUserId, roomId, { text })),
            intervalMs,
        );
        return results.map((r) => {
            if (r.status === 'rejected') {
                throw r.reason;
            }
            return r.value;
        });
    }

    /** An agent's message in a livechat room; RC refuses it once the room is closed. */
    async sendLivechatMessage(agentId: string, roomId: string, content: MessageContent): Promise<IMessage> {
        if (!(await this.port.livechat.isOpen(roomId))) {
            throw new Error('error-room-closed');
        }
        return (await this.server.executeSendMessage({ roomId, sender: agentId, ...content }))!;
    }

    /** The visitor writing in the widget; into a closed room this starts a new one, as in RC. */
    async sendVisitorMessage(token: string, roomId: string, content: MessageContent): Promise<IMessage> {
        return (await this.server.sendVisitorMessage({ roomId, token, ...content }))!;
    }

    /** An edit by the author (or `editorId`): fires IPostMessageUpdated, never IPostMessageSent. */
    async editMessage(messageId: string, text: string, editorId?: string): Promise<IMessage> {
        const message = await this.port.rooms.getMessageById(messageId);
        if (!message) {
            throw new Error(`No message ${messageId}`);
        }
        return this.server.editMessage(messageId, { text }, editorId || message.sender.id);
    }

    /** Closes a livechat room as an agent, as RC's abandoned-room monitor (rocket.cat), or as the visitor. */
    async closeLivechatRoom(roomId: string, by: LivechatCloser, comment?: string): Promise<boolean> {
        if (by === 'visitor') {
            return this.server.closeLivechat(roomId, comment, { visitor: true });
        }
        const userId = by === 'monitor' ? (await this.port.users.getByUsername('rocket.cat'))!.id : by;
        return this.server.closeLivechat(roomId, by === 'monitor' ? comment || MONITOR_COMMENT : comment, { userId });
    }

    /** An agent taking a room waiting in the queue (Manual Selection, no agent was available, ...). */
    takeRoom(agentId: string, roomId: string): Promise<ILivechatRoom> {
        return this.routing.takeRoom(agentId, roomId);
    }

    /** An agent (the serving one unless `byUserId`) forwarding a room to another agent or department. */
    forwardRoom(roomId: string, target: ForwardTarget, byUserId?: string): Promise<ILivechatRoom> {
        return this.routing.forwardRoom(roomId, target, byUserId);
    }

    /**
     * A user clicking a button in a message (stored, or ephemeral by its notification id) through the engine's
     * interaction path, as RC's uikit router does; returns what RC would send back to the client.
     */
    async clickButton(userId: string, messageId: string, actionId: string, value?: string): Promise<InteractionResponse> {
        const { action } = await buildBlockAction(this.port, userId, messageId, actionId, value);
        return (await this.track(
            this.manager.getListenerManager().executeListener('IUIKitInteractionHandler' as never, action as never),
        )) as InteractionResponse;
    }

    /** `/command args...` typed by a user in a room; replies usually arrive as notifications in the model. */
    async runSlashCommand(userId: string, roomId: string, command: string, args: string[] = []): Promise<void> {
        const [sender, room] = await Promise.all([this.port.users.getById(userId), this.port.rooms.getById(roomId)]);
        if (!sender || !room) {
            throw new Error(`Unknown user ${userId} or room ${roomId}`);
        }
        await this.track(this.manager.getCommandManager().executeCommand(command, new SlashCommandContext(sender, room as IRoom, args)));
    }

    /**
     * An HTTP call to one of the app's endpoints, shaped as RC's router passes it (IApiRequest: lowercased
     * method and header names, parsed body as `content`). `endpointPath` is the endpoint's own path
     * ('probe') or the full '/api/apps/(public|private)/…' path. Like RC's router: 404 when the path is not
     * routed (unknown, or the app is disabled), 500 with the error message when the engine throws (e.g. a
     * method the endpoint does not implement).
     */
    async callEndpoint(endpointPath: string, request: EndpointRequest = {}): Promise<EndpointResponse> {
        const apiRequest: IApiRequest = {
            method: (request.method || 'GET').toLowerCase() as IApiRequest['method'],
            headers: Object.fromEntries(Object.entries(request.headers || {}).map(([k, v]) => [k.toLowerCase(), v])),
            query: request.query || {},
            params: request.params || {},
            content: request.content,
            privateHash: request.privateHash,
            ...(request.user && { user: request.user }),
        };
        const relative = endpointPath.replace(/^\/?api\/apps\/(public|private)\/[^/]+\/(?:[^/]+\/)?/, '').replace(/^\//, '');
        if (!this.instance.apis.get(this.appId)?.has(relative)) {
            return { status: 404, headers: {}, content: undefined };
        }
        try {
            const response = (await this.track(this.manager.getApiManager().executeApi(this.appId, relative, apiRequest))) as IApiResponse;
            return { status: response.status, headers: response.headers || {}, content: response.content };
        } catch (e) {
            // The engine rejects with the runtime's JSON-RPC error object, not an Error.
            return { status: 500, headers: {}, content: (e as { message?: string })?.message ?? String(e) };
        }
    }

    /**
     * An HTTP request to `/api/apps/public/<appId>/<endpoint>?…` (or private with its hash) through RC's HTTP
     * layer (httpLayer.ts: query and body parsers, body limit, 400/413 before the app runs), then callEndpoint.
     */
    http(method: string, path: string, options: HttpOptions = {}): Promise<EndpointResponse> {
        return sendHttp((endpointPath, request) => this.callEndpoint(endpointPath, request), this.appId, method, path, options);
    }

    /** An admin changing an app setting: stored, then the app's onSettingUpdated. */
    async setSetting(id: string, value: unknown): Promise<void> {
        const current = this.manager.getSettingsManager().getAppSetting(this.appId, id);
        await this.track(this.manager.getSettingsManager().updateAppSetting(this.appId, { ...current, value }));
    }

    /** Resolves once no event, job, endpoint, command or bridge call of this instance is in flight. */
    idle(timeoutMs = 10_000): Promise<void> {
        return this.work.idle(timeoutMs);
    }

    /** What the engine printed to the console in this process (captured unless DEBUG_HOST=1). */
    consoleOutput(): string[] {
        return engineConsoleOutput();
    }

    /**
     * Runs a job here (the model's scheduler calls this on the instance that locked it; tests may call it
     * to run a job at a chosen moment). Only processors defined on this instance run: the scheduler never
     * hands a job to an instance that does not define its processor. `failed` when the processor threw.
     */
    async runJob(job: Job): Promise<JobOutcome> {
        const processor = this.instance.processors.get(job.processorId);
        if (!processor) {
            throw new Error(`Processor ${job.processorId} is not defined on this instance`);
        }
        try {
            // RC's scheduler bridge hands the processor the job's data plus its id (_callProcessor); the
            // processor the engine registered forwards that context to the app and takes nothing else.
            const run = processor.processor as unknown as (context: object) => Promise<void>;
            await this.track(run({ ...(job.data || {}), jobId: job.id }));
            return 'done';
        } catch (e) {
            hostLog(`job ${job.id} (${job.processorId}) failed: ${e instanceof Error ? e.stack : String(e)}`);
            return 'failed';
        }
    }

    /** The processor ids this instance defines (its Agenda's definitions). */
    async processorIds(): Promise<string[]> {
        return [...this.instance.processors.keys()];
    }

    /** This instance as one of the cluster's Agenda instances. */
    jobRunner(): JobRunner {
        return { processorIds: () => this.processorIds(), run: (job) => this.runJob(job) };
    }

    /** Marks work as in flight until it settles (Engine.idle waits for it). */
    track<T>(work: Promise<T>): Promise<T> {
        return this.work.track(work);
    }

    /** Records the event in the model's journal, then delivers it without waiting for the app (RC's `void triggerEvent`). */
    private async fire(name: string, payload: unknown): Promise<void> {
        if (!engineHasEvent(name)) {
            return; // A server of this engine's generation has no such event (engines/compat.ts).
        }
        await this.port.events.record(name, payload);
        this.track(this.manager.getListenerManager().executeListener(name as never, payload as never)).catch((e) =>
            hostLog(`${name} listener failed: ${e instanceof Error ? e.stack : String(e)}`),
        );
    }

    private async boot(): Promise<void> {
        prepareProcessEnv();
        if (this.benchRuntime) {
            launchDenoWithGc(this.tempDir);
        }
        captureEngineConsole();
        await installDenoRuntime(this.tempDir);
        runDenoRuntimeFrom(this.tempDir);
        const hooks = {
            count: (category: Parameters<ModelPort['counters']['count']>[0], call: string) => void this.port.counters.count(category, call),
            track: <T>(work: Promise<T>) => this.track(work),
        };
        // The engine allows one AppManager per process: a restart replaces it.
        (AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
        this.manager = new AppManager({
            metadataStorage: new EngineMetadataStorage(this.port),
            logStorage: new EngineLogStorage(this.port),
            sourceStorage: new HostSourceStorage(this.port),
            bridges: new HostAppBridges({ port: this.port, server: this.server, instance: this.instance }, hooks),
            tempFilePath: this.tempDir,
        });
        this.trackRuntimeRequests();
        await this.manager.load();
    }

    private async install(zip: Buffer): Promise<void> {
        const { permissions } = readAppInfo(zip);
        const result = await this.manager.add(zip, { enable: true, user: await this.admin(), permissionsGranted: permissions });
        await this.expectEnabled('Installing', result);
    }

    /**
     * Replaces the installed app with a new package of it, as RC's `POST /api/apps/:id` does (an update
     * from `rc-apps deploy`): AppManager.update with the permissions the package asks for, the app loaded.
     */
    async update(zip: Buffer): Promise<void> {
        const { id, permissions } = readAppInfo(zip);
        if (id !== this.appId) {
            throw new Error(`The package is another app (${id}), not ${this.appId}`);
        }
        const result = await this.manager.update(zip, permissions, { loadApp: true, user: await this.admin() });
        await this.expectEnabled('Updating', result);
    }

    private async expectEnabled(action: string, result: AppFabricationFulfillment): Promise<void> {
        const problems = [result.getStorageError(), result.hasAppUserError() && JSON.stringify(result.getAppUserError())].filter(Boolean);
        if (problems.length || !result.getApp()) {
            throw new Error(`${action} the app failed: ${problems.join('; ') || 'no app returned'}`);
        }
        const status = await this.appStatus();
        if (status !== AppStatus.MANUALLY_ENABLED && status !== AppStatus.AUTO_ENABLED) {
            throw new Error(`The app did not enable (status ${status}); engine output:\n${engineConsoleOutput().join('\n')}`);
        }
    }

    /**
     * Listener delivery for post events is fire-and-forget inside the engine (executeListener returns before
     * the app ran), so the host counts requests to the Deno process to know when the app is busy.
     */
    private trackRuntimeRequests(): void {
        const runtime = this.manager.getRuntime();
        const start = runtime.startRuntimeForApp.bind(runtime);
        runtime.startRuntimeForApp = async (...args: Parameters<typeof start>) => {
            const controller = (await start(...args)) as DenoRuntimeSubprocessController;
            const send = controller.sendRequest.bind(controller);
            controller.sendRequest = (...request: Parameters<typeof send>) => this.track(send(...request));
            return controller;
        };
    }

    private async stopRuntimes(): Promise<void> {
        if (!this.manager) {
            return;
        }
        const apps = await this.manager.get();
        await Promise.all(
            apps.map((app) =>
                this.manager
                    .getRuntime()
                    .stopRuntime(runtimeControllerOf(app))
                    .catch(() => undefined),
            ),
        );
        (AppManager as unknown as { Instance?: AppManager }).Instance = undefined;
    }

    /** The user RC records as installing the app. */
    private async admin(): Promise<IUser> {
        return (await this.port.users.getByUsername('admin')) || (await this.port.users.add({ username: 'admin', roles: ['admin'] }));
    }
}

function ensureDir(dir: string): string {
    fs.mkdirSync(dir, { recursive: true });
    return dir;
}

/** app.json from the zip, read with the engine's own zip library (as its package parser does). */
function readAppInfo(zip: Buffer): { id: string; permissions: Array<{ name: string }> } {
    const AdmZip = createRequire(require.resolve('@rocket.chat/apps-engine/package.json'))('adm-zip');
    return JSON.parse(new AdmZip(zip).readAsText('app.json'));
}
