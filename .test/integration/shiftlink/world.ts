import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { Engine, ServerModel, packageApp, waitFor } from '../../host';
import { repoRoot } from '../../host/paths';
import { ProcessorId } from '../../../src/config/ids';
import { SettingId } from '../../../src/config/settings';

export const MINUTE = 60_000;
export const SECRET = 'integration-secret-0123456789';

/** ShiftLink installed from its packaged zip, a department with online agents, the app configured. */
export interface World {
    model: ServerModel;
    engine: Engine;
    botId: string;
    departmentId: string;
    agentIds: string[];
}

let counter = 0;
export const unique = (prefix: string): string => `${prefix}${++counter}x${Date.now().toString(36)}`;

/** `engine`: ShiftLink installed already (by `rc-apps deploy`) over `model`; otherwise installed here. */
export async function startShiftLink(options: { agents?: number; model?: ServerModel; engine?: Engine } = {}): Promise<World> {
    const model = options.model ?? new ServerModel();
    const engine = options.engine ?? (await Engine.start(model, { zipPath: await packageApp(repoRoot) }));
    const department = model.livechat.addDepartment({ name: unique('Shift managers ') });
    const agentIds = Array.from(
        { length: options.agents ?? 1 },
        (_, i) => model.livechat.addAgent({ username: unique(`agent${i}`), name: `Agent ${i}`, departmentIds: [department.id] }).id,
    );
    await engine.setSetting(SettingId.Department, department.id);
    await engine.setSetting(SettingId.SharedSecret, SECRET);
    // The endpoints are provided at enable time, once a secret exists.
    await engine.disableApp();
    await engine.enableApp();
    await settle({ model, engine } as World);
    return { model, engine, botId: (await engine.appUser()).id, departmentId: department.id, agentIds };
}

/**
 * Lets jobs due "now" run (the reconcile ShiftLink schedules on enable, and the idle checks it arms),
 * as the server's scheduler would within a second, then waits for the app to rest.
 */
export async function settle(world: Pick<World, 'model' | 'engine'>): Promise<void> {
    await world.engine.idle();
    await world.model.clock.advance(1000);
    await world.engine.idle();
}

export interface Rep {
    repId: string;
    dmId: string;
    username: string;
}

export function newRep(world: World, extra: { roles?: string[]; name?: string } = {}): Rep {
    const username = unique('rep');
    const rep = world.model.users.add({ username, name: extra.name ?? `Rep ${username}`, roles: extra.roles ?? ['user'] });
    return { repId: rep.id, username, dmId: world.model.rooms.createDirect([rep.id, world.botId]).id };
}

export const messagesIn = (world: World, roomId: string): IMessage[] => world.model.rooms.getMessages(roomId);

/** What the bot posted into the rep's DM (relayed answers and notices), oldest first. */
export const botPosts = (world: World, rep: Rep): IMessage[] => messagesIn(world, rep.dmId).filter((m) => m.sender.id === world.botId);

export const botTexts = (world: World, rep: Rep): string[] => botPosts(world, rep).map((m) => m.text ?? '');

/** Every livechat room ever opened for the rep's visitor (all tokens ShiftLink issued to them). */
export function roomsOf(world: World, rep: Rep): ILivechatRoom[] {
    const tokens = repRecords(world, rep).map((r) => (r.data as { token: string }).token);
    return tokens
        .map((token) => world.model.livechat.findVisitorByToken(token))
        .flatMap((visitor) => (visitor?.id ? world.model.livechat.roomsOfVisitor(visitor.id) : []));
}

export const openRoomsOf = (world: World, rep: Rep): ILivechatRoom[] => roomsOf(world, rep).filter((r) => r.isOpen);

const hasAssociation = (record: { associations: unknown[] }, id: string) => JSON.stringify(record.associations).includes(`"${id}"`);

function repRecords(world: World, rep: Rep) {
    return world.model.persistence
        .all(world.engine.appId)
        .filter((r) => hasAssociation(r, 'shiftlink-rep') && hasAssociation(r, rep.repId));
}

export function sessionRecords(world: World, rep?: Rep): Array<{ roomId: string; jobId?: string; repId: string }> {
    return world.model.persistence
        .all(world.engine.appId)
        .filter((r) => hasAssociation(r, 'shiftlink-session') && (!rep || hasAssociation(r, rep.repId)))
        .map((r) => r.data as { roomId: string; jobId?: string; repId: string });
}

/** Pending idle-check jobs of one livechat room. */
export function idleJobsOf(world: World, roomId: string) {
    return world.model.scheduler
        .list(world.engine.appId)
        .filter((job) => job.processorId.startsWith(ProcessorId.IdleCheck) && (job.data as { roomId?: string })?.roomId === roomId);
}

/** The rep's DM message, then waits until ShiftLink has handled it. */
export async function repWrites(world: World, rep: Rep, text: string, attachments?: IMessage['attachments']): Promise<IMessage> {
    const message = await world.engine.sendDirectMessage(rep.repId, rep.dmId, { text, attachments });
    await world.engine.idle();
    return message;
}

export async function agentWrites(
    world: World,
    agentId: string,
    roomId: string,
    text: string,
    attachments?: IMessage['attachments'],
): Promise<IMessage> {
    const message = await world.engine.sendLivechatMessage(agentId, roomId, { text, attachments });
    await world.engine.idle();
    return message;
}

/** Opens a session for a fresh rep and waits for the connected/agent notices. */
export async function repWithSession(world: World, first = 'hello'): Promise<{ rep: Rep; room: ILivechatRoom }> {
    const rep = newRep(world);
    await repWrites(world, rep, first);
    const room = await waitFor(() => openRoomsOf(world, rep)[0], `an open room for ${rep.username}`);
    await waitFor(() => botTexts(world, rep).some((t) => t.includes('joined')), 'the agent-joined notice');
    return { rep, room };
}

export async function advance(world: World, ms: number): Promise<void> {
    await world.model.clock.advance(ms);
    await world.engine.idle();
}

/** What the rep said in the room (as the visitor), system messages left out. */
export const visitorMessages = (world: World, roomId: string): IMessage[] =>
    messagesIn(world, roomId).filter((m) => !!(m as { token?: string }).token && !(m as { type?: string }).type);

export const latestOpenRoom = (world: World, rep: Rep): ILivechatRoom | undefined => openRoomsOf(world, rep).slice(-1)[0];
