import { ChildProcess, fork } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import { buildSync } from 'esbuild';

import type { Engine } from '../Engine';
import { nodeBundleOptions } from '../engines/engines';
import { invokeModel } from '../model/port';
import type { ServerModel } from '../model/ServerModel';
import { repoRoot, scratchDir } from '../paths';
import { prepareProcessEnv } from '../runtime/processEnv';
import { PendingCalls, replyTo, ToChild, ToParent } from './protocol';

/** The actions a second instance offers: the Engine's, run in the other process. */
type Remote<K extends keyof Engine> = {
    [P in K]: Engine[P] extends (...args: infer A) => infer R ? (...args: A) => Promise<Awaited<R>> : never;
};

export type SecondInstance = Remote<
    | 'sendDirectMessage'
    | 'sendLivechatMessage'
    | 'sendVisitorMessage'
    | 'editMessage'
    | 'closeLivechatRoom'
    | 'runSlashCommand'
    | 'callEndpoint'
    | 'http'
    | 'setSetting'
    | 'appStatus'
    | 'idle'
    | 'consoleOutput'
    | 'processorIds'
    | 'runJob'
> & {
    /** The child's process id (it is another process, with its own Deno runtime). */
    readonly pid: number;
    /** What the child process printed (piped here; shown live with DEBUG_HOST=1). */
    output(): string;
    stop(): Promise<void>;
};

const ACTIONS = [
    'sendDirectMessage',
    'sendLivechatMessage',
    'sendVisitorMessage',
    'editMessage',
    'closeLivechatRoom',
    'runSlashCommand',
    'callEndpoint',
    'http',
    'setSetting',
    'appStatus',
    'idle',
    'consoleOutput',
    'processorIds',
    'runJob',
] as const;

/**
 * The child entry is bundled on the fly (~0.1 s; packages stay external), so no build step is needed.
 * Written then renamed: another process (a sandbox, a benchmark) may be starting a child at the same time.
 */
function buildChild(): string {
    const outfile = path.join(scratchDir, 'host-child', 'childMain.js');
    const [bundle] = buildSync({
        ...nodeBundleOptions(),
        entryPoints: [path.join(repoRoot, '.test', 'host', 'remote', 'childMain.ts')],
        outfile,
        write: false,
        sourcemap: 'inline',
    }).outputFiles;
    fs.mkdirSync(path.dirname(outfile), { recursive: true });
    fs.writeFileSync(`${outfile}.${process.pid}`, bundle.contents);
    fs.renameSync(`${outfile}.${process.pid}`, outfile);
    return outfile;
}

/**
 * A second Rocket.Chat instance of the same cluster: another OS process running its own AppManager and
 * Deno runtime over the SAME model (every model call comes here over IPC, so the model lives only in this
 * process). It loads the app the first engine installed; it shares that engine's temp folder, hence its
 * virtual clock. It joins the cluster's scheduler: due jobs run on either instance (see SchedulerStore).
 */
export async function startSecondInstance(model: ServerModel, first: Engine, timeoutMs = 30_000): Promise<SecondInstance> {
    prepareProcessEnv();
    const debug = process.env.DEBUG_HOST === '1';
    const child: ChildProcess = fork(buildChild(), [], {
        // The test runner's process.env may be a copy; hand the child the prepared one explicitly.
        env: { ...process.env },
        serialization: 'advanced',
        stdio: debug ? ['ignore', 'inherit', 'inherit', 'ipc'] : ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let output = '';
    child.stdout?.on('data', (chunk) => (output += chunk));
    child.stderr?.on('data', (chunk) => (output += chunk));

    const calls = new PendingCalls();
    const send = (message: ToChild) => child.send(message);
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.once('exit', (code) => calls.failAll(new Error(`second instance exited (code ${code}):\n${output}`)));

    const ready = new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`second instance not ready after ${timeoutMs} ms:\n${output}`)), timeoutMs);
        child.on('message', async (message: ToParent) => {
            if (message.type === 'model') {
                send(await replyTo(message.id, () => invokeModel(model, message.store, message.method, message.args)));
            } else if (message.type === 'reply') {
                calls.settle(message);
            } else {
                clearTimeout(timer);
                if (message.type === 'ready') {
                    resolve();
                } else {
                    reject(new Error(`second instance failed to start: ${message.error}\n${output}`));
                }
            }
        });
    });
    send({ type: 'init', appId: first.appId, tempDir: first.tempDir });
    try {
        await ready;
    } catch (e) {
        child.kill('SIGKILL');
        throw e;
    }

    const act = (method: string, args: unknown[]) => {
        const { id, result } = calls.open();
        send({ type: 'action', id, method, args });
        return result;
    };
    const actions = Object.fromEntries(
        ACTIONS.map((method) => [method, (...args: unknown[]) => act(method, args)]),
    ) as unknown as SecondInstance;
    const leaveScheduler = model.scheduler.addRunner({ processorIds: () => actions.processorIds(), run: (job) => actions.runJob(job) });
    return {
        ...actions,
        pid: child.pid!,
        output: () => output,
        async stop() {
            leaveScheduler();
            if (child.exitCode === null && child.connected) {
                await act('stop', []).catch(() => undefined);
                const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
                await exited;
                clearTimeout(timer);
            }
        },
    };
}
