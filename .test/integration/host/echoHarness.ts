import { engineAtLeast } from '../../host/engines/compat';
import { Engine } from '../../host/Engine';
import { ServerModel } from '../../host/model/ServerModel';
import { fixtureDir, packageApp } from '../../host/packageApp';
import { waitFor } from '../../host/waitFor';

/** A model with the echo fixture app installed and enabled on an engine in this process. */
export async function startEcho(model = new ServerModel()): Promise<{ model: ServerModel; engine: Engine }> {
    const engine = await Engine.start(model, { zipPath: await packageApp(fixtureDir('echo-app')) });
    return { model, engine };
}

/** Starts the echo app before the enclosing describe block's tests (handing it to `use`), stops it after. */
export function useEcho(use: (started: { model: ServerModel; engine: Engine }) => void): void {
    let engine: Engine | undefined;
    beforeAll(async () => {
        const started = await startEcho();
        engine = started.engine;
        use(started);
    });
    afterAll(async () => {
        await engine?.stop();
    });
}

let counter = 0;
/** A unique name, so tests sharing an engine never share users, rooms or visitors. */
export const unique = (prefix: string): string => `${prefix}-${++counter}-${Date.now().toString(36)}`;

/** Runs one operation of the echo app's probe endpoint (the app calling its accessors); throws its error. */
export async function probe<T = unknown>(engine: Engine, op: string, args: Record<string, unknown> = {}): Promise<T> {
    const response = await engine.callEndpoint('probe', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        content: { op, ...args },
    });
    const content = response.content as { result?: T; error?: string };
    if (response.status !== 200) {
        throw new Error(content.error || `probe ${op}: HTTP ${response.status}`);
    }
    return content.result as T;
}

/**
 * The events the echo app reported, read from the app's memory (probe op 'reported'), oldest first: unlike
 * its log lines (appEvents) complete on every engine when calls overlap. Only events of this instance.
 */
export function reportedEvents<T = Record<string, unknown>>(engine: Engine, name: string): Promise<T[]> {
    return probe<T[]>(engine, 'reported', { name });
}

/** The events the echo app reported receiving (its `event <name> <json>` log lines), oldest first. */
export function appEvents<T = Record<string, unknown>>(model: ServerModel, name: string): T[] {
    const prefix = `event ${name} `;
    return model.logs
        .lines()
        .filter((line) => line.text.startsWith(prefix))
        .map((line) => JSON.parse(line.text.slice(prefix.length)) as T);
}

export function waitForAppEvent<T = Record<string, unknown>>(
    model: ServerModel,
    name: string,
    match: (event: T) => boolean,
    description: string,
): Promise<T> {
    return waitFor(() => appEvents<T>(model, name).find(match), description);
}

/** A representative with a DM to the app's bot. */
export async function repWithDm(model: ServerModel, engine: Engine): Promise<{ repId: string; botId: string; dmId: string }> {
    const rep = model.users.add({ username: unique('rep') });
    const bot = await engine.appUser();
    return { repId: rep.id, botId: bot.id, dmId: model.rooms.createDirect([rep.id, bot.id]).id };
}

/** A department with online agents. */
export function departmentWithAgents(model: ServerModel, agents = 1): { departmentId: string; agentIds: string[] } {
    const department = model.livechat.addDepartment({ name: unique('dept') });
    const agentIds = Array.from(
        { length: agents },
        () => model.livechat.addAgent({ username: unique('agent'), departmentIds: [department.id] }).id,
    );
    return { departmentId: department.id, agentIds };
}

/**
 * The text an app reads from a bridge's error. Since 1.53 at the latest it is the server's; 1.46's runtime
 * wraps the JSON-RPC error object in `new Error(object)` (deno-runtime/lib/accessors/mod.ts), so on Rocket.Chat
 * 6.13 every app reads "[object Object]" whatever the server threw.
 */
export function appErrorText(serverText: string): string {
    return engineAtLeast('1.53.0') ? serverText : '[object Object]';
}
