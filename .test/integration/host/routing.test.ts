import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import type { IRole } from '@rocket.chat/apps-engine/definition/roles';

import { Engine } from '../../host/Engine';
import { ServerModel } from '../../host/model/ServerModel';
import { DEFAULT_ROUTING } from '../../host/model/routing';
import { fixtureDir, packageApp } from '../../host/packageApp';
import { waitFor } from '../../host/waitFor';
import { appErrorText, departmentWithAgents, unique, waitForAppEvent } from './echoHarness';

type AgentEvent = { roomId: string; servedBy: string | null; agentId: string };
type TransferEvent = { roomId: string; type: string; from: string | null; to: string | null };

/** Routing modes, taking, transfers, block actions and roles, through the handover fixture in the real engine. */
describe('host: routing, transfers, block actions, roles', () => {
    let model: ServerModel;
    let engine: Engine;

    beforeAll(async () => {
        model = new ServerModel();
        engine = await Engine.start(model, { zipPath: await packageApp(fixtureDir('handover-app')) });
    });
    afterAll(async () => {
        await engine?.stop();
    });
    afterEach(() => {
        Object.assign(model.livechat.settings, DEFAULT_ROUTING);
    });

    async function probe<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
        const response = await engine.callEndpoint('probe', { method: 'POST', content: { op, ...args } });
        const content = response.content as { result?: T; error?: string };
        if (response.status !== 200) {
            throw new Error(content.error || `probe ${op}: HTTP ${response.status}`);
        }
        return content.result as T;
    }

    const openRoomIn = (departmentId: string) =>
        probe<ILivechatRoom>('createRoom', {
            visitor: { token: unique('token'), username: unique('visitor'), name: 'Rep', department: departmentId } as IVisitor,
        });
    const journal = (roomId: string) =>
        model.events.list().filter((e) => {
            const p = e.payload as { id?: string; room?: { id: string } };
            return e.name.startsWith('IPostLivechat') && (p.id === roomId || p.room?.id === roomId);
        });

    describe('routing modes (createRoom)', () => {
        it('Auto Selection (default) returns the room served and fires AgentAssigned', async () => {
            const { departmentId, agentIds } = departmentWithAgents(model);
            const room = await openRoomIn(departmentId);
            expect(room.servedBy?.id).toBe(agentIds[0]);
            await waitForAppEvent<AgentEvent>(model, 'IPostLivechatAgentAssigned', (e) => e.roomId === room.id, 'AgentAssigned');
        });

        it('Manual Selection leaves the room unserved in the queue until an agent takes it', async () => {
            model.livechat.settings.routingMethod = 'Manual_Selection';
            const { departmentId, agentIds } = departmentWithAgents(model);
            const room = await openRoomIn(departmentId);
            expect(room.servedBy).toBeUndefined();
            await engine.idle();
            expect(journal(room.id).map((e) => e.name)).toEqual(['IPostLivechatRoomStarted']);

            await model.clock.advance(30_000);
            const taken = await engine.takeRoom(agentIds[0], room.id);
            expect(taken.servedBy?.id).toBe(agentIds[0]);
            const event = await waitForAppEvent<AgentEvent>(
                model,
                'IPostLivechatAgentAssigned',
                (e) => e.roomId === room.id,
                'AgentAssigned on take',
            );
            expect(event).toEqual({ roomId: room.id, servedBy: null, agentId: agentIds[0] });
            expect(model.rooms.getMessages(room.id).map((m) => m.type)).toEqual(['livechat-started', 'command', 'uj']);
        });

        it('Manual Selection still refuses a room when nobody in the department is online', async () => {
            model.livechat.settings.routingMethod = 'Manual_Selection';
            const { departmentId, agentIds } = departmentWithAgents(model);
            model.livechat.setAgentOnline(agentIds[0], false);
            await expect(openRoomIn(departmentId)).rejects.toThrow(appErrorText('no-agent-online'));
        });

        it('accepting chats with no agents returns the room unserved instead of no-agent-online', async () => {
            model.livechat.settings.acceptChatsWithNoAgents = true;
            const { departmentId, agentIds } = departmentWithAgents(model);
            model.livechat.setAgentOnline(agentIds[0], false);
            const room = await openRoomIn(departmentId);
            expect(room).toMatchObject({ isOpen: true, department: { id: departmentId } });
            expect(room.servedBy).toBeUndefined();
            expect(model.livechat.isOnline(departmentId)).toBe(true); // RC's online() answers true in this mode

            model.livechat.setAgentOnline(agentIds[0], true);
            await engine.takeRoom(agentIds[0], room.id);
            await waitForAppEvent<AgentEvent>(model, 'IPostLivechatAgentAssigned', (e) => e.roomId === room.id, 'AgentAssigned on take');
        });

        it('the waiting queue leaves the room waiting while every agent is at the chat limit', async () => {
            model.livechat.settings.waitingQueue = true;
            model.livechat.settings.maxChatsPerAgent = 1;
            const { departmentId, agentIds } = departmentWithAgents(model);
            const first = await openRoomIn(departmentId);
            const second = await openRoomIn(departmentId);
            expect(first.servedBy?.id).toBe(agentIds[0]);
            expect(second.servedBy).toBeUndefined();
            await expect(engine.takeRoom('no-such-agent', second.id)).rejects.toThrow('error-agent-status-service-offline');
            await expect(engine.takeRoom(agentIds[0], first.id)).rejects.toThrow('error-inquiry-taken');
        });
    });

    describe('forwarding', () => {
        it('to another agent: Assigned (room as before), transfer history, Transferred, then the old agent Unassigned', async () => {
            const { departmentId, agentIds } = departmentWithAgents(model, 2);
            const [ana, ben] = agentIds;
            const room = await openRoomIn(departmentId);
            expect(room.servedBy?.id).toBe(ana);
            await waitForAppEvent<AgentEvent>(
                model,
                'IPostLivechatAgentAssigned',
                (e) => e.roomId === room.id && e.agentId === ana,
                'first assignment',
            );

            const forwarded = await engine.forwardRoom(room.id, { agentId: ben });
            expect(forwarded.servedBy?.id).toBe(ben);
            expect(model.rooms.getById(room.id)!.userIds).toEqual([ben]);
            const types = model.rooms.getMessages(room.id).map((m) => [m.type, m.sender.id]);
            expect(types.slice(1)).toEqual([
                ['command', ben],
                ['uj', ben],
                ['livechat_transfer_history', ana],
                ['ul', ana],
            ]);
            expect(
                journal(room.id)
                    .map((e) => e.name)
                    .slice(2),
            ).toEqual(['IPostLivechatAgentAssigned', 'IPostLivechatRoomTransferred', 'IPostLivechatAgentUnassigned']);

            const assigned = await waitForAppEvent<AgentEvent>(
                model,
                'IPostLivechatAgentAssigned',
                (e) => e.roomId === room.id && e.agentId === ben,
                'Assigned to Ben',
            );
            const unassigned = await waitForAppEvent<AgentEvent>(
                model,
                'IPostLivechatAgentUnassigned',
                (e) => e.roomId === room.id,
                'Ana unassigned',
            );
            const transferred = await waitForAppEvent<TransferEvent>(
                model,
                'IPostLivechatRoomTransferred',
                (e) => e.roomId === room.id,
                'Transferred',
            );
            expect(assigned.servedBy).toBe(ana);
            expect(unassigned).toEqual({ roomId: room.id, servedBy: ben, agentId: ana });
            expect(transferred).toEqual({ roomId: room.id, type: 'agent', from: ana, to: ben });
        });

        it('refuses an offline agent and the serving agent, like Helper.forwardRoomToAgent', async () => {
            const { departmentId, agentIds } = departmentWithAgents(model, 2);
            const room = await openRoomIn(departmentId);
            model.livechat.setAgentOnline(agentIds[1], false);
            await expect(engine.forwardRoom(room.id, { agentId: agentIds[1] })).rejects.toThrow('error-user-is-offline');
            await expect(engine.forwardRoom(room.id, { agentId: agentIds[0] })).rejects.toThrow('error-selected-agent-room-agent-are-same');
            expect(model.rooms.getById(room.id)).toMatchObject({ servedBy: { id: agentIds[0] } });
        });

        it('to another department: routed there, Transferred carries the departments', async () => {
            const day = departmentWithAgents(model);
            const night = departmentWithAgents(model);
            const room = await openRoomIn(day.departmentId);
            const forwarded = await engine.forwardRoom(room.id, { departmentId: night.departmentId });
            expect(forwarded).toMatchObject({ servedBy: { id: night.agentIds[0] }, department: { id: night.departmentId } });
            const transferred = await waitForAppEvent<TransferEvent>(
                model,
                'IPostLivechatRoomTransferred',
                (e) => e.roomId === room.id,
                'Transferred',
            );
            expect(transferred).toEqual({ roomId: room.id, type: 'department', from: day.departmentId, to: night.departmentId });
            await waitForAppEvent<AgentEvent>(
                model,
                'IPostLivechatAgentUnassigned',
                (e) => e.roomId === room.id && e.agentId === day.agentIds[0],
                'day agent unassigned',
            );
        });

        it('to a department with nobody else online fails and changes nothing', async () => {
            const day = departmentWithAgents(model);
            const empty = departmentWithAgents(model);
            model.livechat.setAgentOnline(empty.agentIds[0], false);
            const room = await openRoomIn(day.departmentId);
            await expect(engine.forwardRoom(room.id, { departmentId: empty.departmentId })).rejects.toThrow(
                'error-no-agents-online-in-department',
            );
            expect(model.rooms.getById(room.id)).toMatchObject({ servedBy: { id: day.agentIds[0] }, department: { id: day.departmentId } });
        });

        it('to a department under Manual Selection: back in its queue, unserved, no Assigned', async () => {
            const day = departmentWithAgents(model);
            const night = departmentWithAgents(model);
            const room = await openRoomIn(day.departmentId);
            model.livechat.settings.routingMethod = 'Manual_Selection';
            const forwarded = await engine.forwardRoom(room.id, { departmentId: night.departmentId });
            expect(forwarded.servedBy).toBeUndefined();
            expect(forwarded.department?.id).toBe(night.departmentId);
            await engine.idle();
            expect(
                journal(room.id)
                    .map((e) => e.name)
                    .slice(2),
            ).toEqual(['IPostLivechatRoomTransferred', 'IPostLivechatAgentUnassigned']);
        });
    });

    describe('block actions (IUIKitInteractionHandler)', () => {
        async function buttonMessage(): Promise<{ userId: string; dmId: string; messageId: string }> {
            const user = model.users.add({ username: unique('clicker') });
            const dm = model.rooms.createDirect([user.id, (await engine.appUser()).id]);
            await engine.sendDirectMessage(user.id, dm.id, { text: 'buttons please' });
            const message = await waitFor(() => model.rooms.getMessages(dm.id).find((m) => m.blocks?.length), 'the message with buttons');
            return { userId: user.id, dmId: dm.id, messageId: message.id! };
        }

        it('delivers a click with user, room, message and value, and returns the app answer', async () => {
            const { userId, dmId, messageId } = await buttonMessage();
            const response = await engine.clickButton(userId, messageId, 'ack');
            expect(response).toMatchObject({ success: true });
            const username = model.users.getById(userId)!.username;
            await waitFor(
                () => model.rooms.getMessages(dmId).find((m) => m.text === `clicked ack=yes by ${username} on ${messageId} in ${dmId}`),
                'the app reply to the click',
            );
        });

        it('passes a modal the handler opens back to the client', async () => {
            const { userId, messageId } = await buttonMessage();
            const response = await engine.clickButton(userId, messageId, 'modal');
            expect(response).toMatchObject({ success: true, type: 'modal.open', view: { id: 'details' } });
        });

        it('refuses a button the message does not have', async () => {
            const { userId, messageId } = await buttonMessage();
            await expect(engine.clickButton(userId, messageId, 'nope')).rejects.toThrow('has no button nope');
        });
    });

    describe('roles (IRoleRead)', () => {
        it('finds default roles by name and custom roles by name or id', async () => {
            expect(await probe<IRole>('role', { name: 'livechat-agent' })).toMatchObject({
                id: 'livechat-agent',
                name: 'livechat-agent',
                protected: true,
            });
            const custom = model.roles.addCustom(unique('shift-rep'));
            expect(await probe<IRole>('role', { name: custom.name })).toMatchObject({ id: custom.id, name: custom.name });
            expect(await probe<IRole>('role', { name: custom.id })).toMatchObject({ id: custom.id });
        });

        it('throws for an unknown role, as the server converter does (not null)', async () => {
            await expect(probe('role', { name: 'no-such-role' })).rejects.toThrow(appErrorText('Cannot read properties of null'));
        });
    });
});
