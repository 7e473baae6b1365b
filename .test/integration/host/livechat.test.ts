import type { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';

import type { Engine } from '../../host/Engine';
import type { ServerModel } from '../../host/model/ServerModel';
import { appErrorText, appEvents, departmentWithAgents, probe, useEcho, unique, waitForAppEvent } from './echoHarness';
import { engineHasEvent } from '../../host/engines/compat';

type RoomEvent = { roomId: string; isOpen: boolean; servedBy: string | null; departmentId: string | null; agentId?: string };

describe('host: livechat semantics', () => {
    let model: ServerModel;
    let engine: Engine;

    useEcho((started) => ({ model, engine } = started));

    const visitorIn = (departmentId?: string): IVisitor => ({
        token: unique('token'),
        username: unique('visitor'),
        name: 'Rep',
        ...(departmentId && { department: departmentId }),
    });

    describe('createAndReturnVisitor', () => {
        it('upserts by token', async () => {
            const { departmentId } = departmentWithAgents(model);
            const first = await probe<IVisitor>(engine, 'createVisitor', { visitor: { ...visitorIn(departmentId), name: 'Before' } });
            const second = await probe<IVisitor>(engine, 'createVisitor', {
                visitor: { token: first.token, username: first.username, name: 'After', department: departmentId },
            });
            expect(second.id).toBe(first.id);
            expect(model.livechat.findVisitorByToken(first.token)).toMatchObject({ id: first.id, name: 'After', department: departmentId });
        });

        it('refuses an unknown department', async () => {
            await expect(probe(engine, 'createVisitor', { visitor: visitorIn('no-such-department') })).rejects.toThrow(
                appErrorText('error-invalid-department'),
            );
        });
    });

    describe('createRoom', () => {
        it('takes the department from the visitor and fires Started (before routing) then AgentAssigned', async () => {
            const { departmentId, agentIds } = departmentWithAgents(model);
            const visitor = await probe<IVisitor>(engine, 'createVisitor', { visitor: visitorIn(departmentId) });
            const room = await probe<ILivechatRoom>(engine, 'createRoom', { token: visitor.token });
            expect(room.department?.id).toBe(departmentId);
            expect(room.servedBy?.id).toBe(agentIds[0]);

            const journal = model.events
                .list()
                .filter(
                    (e) =>
                        (e.payload as { id?: string; room?: { id: string } }).id === room.id ||
                        (e.payload as { room?: { id: string } }).room?.id === room.id,
                );
            // The livechat-started system message fires no event on a 1.46 server (engines/compat.ts engineHasEvent).
            const systemEvent = engineHasEvent('IPostSystemMessageSent') ? ['IPostSystemMessageSent'] : [];
            expect(journal.map((e) => e.name)).toEqual([...systemEvent, 'IPostLivechatRoomStarted', 'IPostLivechatAgentAssigned']);
            expect((journal[1].payload as ILivechatRoom).servedBy).toBeUndefined();

            const started = await waitForAppEvent<RoomEvent>(
                model,
                'IPostLivechatRoomStarted',
                (e) => e.roomId === room.id,
                'Started delivered',
            );
            const assigned = await waitForAppEvent<RoomEvent>(
                model,
                'IPostLivechatAgentAssigned',
                (e) => e.roomId === room.id,
                'AgentAssigned delivered',
            );
            expect(started).toMatchObject({ servedBy: null, departmentId, isOpen: true });
            // RC hands AgentAssigned the room as created (RoutingManager.assignAgent): no servedBy in it yet.
            expect(assigned).toMatchObject({ servedBy: null, agentId: agentIds[0] });
        });

        it("throws no-agent-online when the visitor's department has no available agent", async () => {
            const { departmentId, agentIds } = departmentWithAgents(model);
            model.livechat.setAgentOnline(agentIds[0], false);
            const visitor = await probe<IVisitor>(engine, 'createVisitor', { visitor: visitorIn(departmentId) });
            await expect(probe(engine, 'createRoom', { token: visitor.token })).rejects.toThrow(appErrorText('no-agent-online'));
            expect(model.livechat.roomsOfVisitor(visitor.id!)).toEqual([]);
        });

        it('never deduplicates and routes round-robin', async () => {
            const { departmentId, agentIds } = departmentWithAgents(model, 2);
            const visitor = await probe<IVisitor>(engine, 'createVisitor', { visitor: visitorIn(departmentId) });
            const first = await probe<ILivechatRoom>(engine, 'createRoom', { token: visitor.token });
            const second = await probe<ILivechatRoom>(engine, 'createRoom', { token: visitor.token });
            expect(second.id).not.toBe(first.id);
            expect(model.livechat.findOpenRooms(visitor.token, departmentId)).toHaveLength(2);
            expect([first.servedBy?.id, second.servedBy?.id]).toEqual(agentIds);
        });
    });

    describe('closeRoom', () => {
        async function openRoom(): Promise<{ room: ILivechatRoom; agentId: string; visitor: IVisitor }> {
            const { departmentId, agentIds } = departmentWithAgents(model);
            const visitor = model.livechat.registerVisitor(visitorIn(departmentId));
            return { room: await engine.server.startLivechat(visitor), agentId: agentIds[0], visitor };
        }

        it('requires a comment while the server setting is on (default)', async () => {
            const { room } = await openRoom();
            await expect(probe(engine, 'closeRoom', { roomId: room.id, comment: '  ' })).rejects.toThrow(
                appErrorText('error-comment-is-required'),
            );
            expect(model.livechat.isOpen(room.id)).toBe(true);
        });

        it('writes livechat-close, closes the room and fires IPostLivechatRoomClosed', async () => {
            const { room, agentId } = await openRoom();
            await model.clock.advance(1000);
            const closed = await probe<boolean>(engine, 'closeRoom', { roomId: room.id, comment: 'bye', closerId: agentId });
            expect(closed).toBe(true);
            const after = model.rooms.getById(room.id) as ILivechatRoom;
            expect(after).toMatchObject({ isOpen: false, closer: 'user', closedBy: { id: agentId } });
            expect(after.closedAt).toBeInstanceOf(Date);
            const close = model.rooms.getMessages(room.id).find((m) => m.type === 'livechat-close')!;
            expect(close).toMatchObject({ text: 'bye', sender: { id: agentId } });
            expect(after.lastModifiedAt).toEqual(close.createdAt);
            const event = await waitForAppEvent<RoomEvent>(
                model,
                'IPostLivechatRoomClosed',
                (e) => e.roomId === room.id,
                'Closed delivered',
            );
            expect(event.isOpen).toBe(false);
        });

        it('records the visitor as closer when the app gives none (RC quirk)', async () => {
            const { room } = await openRoom();
            await probe(engine, 'closeRoom', { roomId: room.id, comment: 'by app' });
            expect(model.rooms.getById(room.id)).toMatchObject({ closer: 'visitor' });
        });

        it('refuses to close a closed room again (current RC: error-room-closed), without a new event', async () => {
            const { room, agentId } = await openRoom();
            await engine.closeLivechatRoom(room.id, agentId, 'first');
            await expect(probe(engine, 'closeRoom', { roomId: room.id, comment: 'again' })).rejects.toThrow(
                appErrorText('error-room-closed'),
            );
            model.livechat.settings.closeClosedRoom = 'return-false';
            try {
                expect(await probe(engine, 'closeRoom', { roomId: room.id, comment: 'again' })).toBe(false);
            } finally {
                model.livechat.settings.closeClosedRoom = 'throw';
            }
            await engine.idle();
            expect(model.events.list('IPostLivechatRoomClosed').filter((e) => (e.payload as ILivechatRoom).id === room.id)).toHaveLength(1);
            expect(model.rooms.getMessages(room.id).filter((m) => m.type === 'livechat-close')).toHaveLength(1);
        });

        it("closes as rocket.cat for RC's abandoned-room monitor", async () => {
            const { room } = await openRoom();
            await engine.closeLivechatRoom(room.id, 'monitor');
            expect(model.rooms.getById(room.id)).toMatchObject({ isOpen: false, closer: 'user', closedBy: { username: 'rocket.cat' } });
        });
    });

    it('puts a visitor message into a closed room into a NEW routed room, with its events', async () => {
        const { departmentId, agentIds } = departmentWithAgents(model);
        const visitor = model.livechat.registerVisitor(visitorIn(departmentId));
        const old = await engine.server.startLivechat(visitor);
        await engine.closeLivechatRoom(old.id, agentIds[0], 'closed');
        const id = await probe<string>(engine, 'visitorMessage', { roomId: old.id, token: visitor.token, text: 'still there?' });

        const message = model.rooms.getMessageById(id)!;
        expect(message.room.id).not.toBe(old.id);
        const fresh = model.rooms.getById(message.room.id) as ILivechatRoom;
        expect(fresh).toMatchObject({
            isOpen: true,
            department: { id: departmentId },
            servedBy: { id: agentIds[0] },
            visitor: { token: visitor.token },
        });
        expect(model.rooms.getMessages(old.id).some((m) => m.id === id)).toBe(false);
        await waitForAppEvent<RoomEvent>(
            model,
            'IPostLivechatAgentAssigned',
            (e) => e.roomId === fresh.id,
            'AgentAssigned for the new room',
        );
        expect(appEvents<RoomEvent>(model, 'IPostLivechatRoomStarted').some((e) => e.roomId === fresh.id)).toBe(true);
        await engine.idle();
    });

    it("refuses an agent's message into a closed room", async () => {
        const { departmentId, agentIds } = departmentWithAgents(model);
        const room = await engine.server.startLivechat(model.livechat.registerVisitor(visitorIn(departmentId)));
        await engine.closeLivechatRoom(room.id, agentIds[0], 'closed');
        await expect(engine.sendLivechatMessage(agentIds[0], room.id, { text: 'late' })).rejects.toThrow('error-room-closed');
    });

    describe('as harsh as RC (issue 9)', () => {
        const openRoom = async () => {
            const { departmentId, agentIds } = departmentWithAgents(model);
            const visitor = await probe<IVisitor>(engine, 'createVisitor', { visitor: visitorIn(departmentId) });
            const room = await probe<ILivechatRoom>(engine, 'createRoom', { token: visitor.token });
            return { departmentId, agentIds, visitor, room };
        };

        it("judges openness by the app's room object: a stale open copy of a closed room gets RC's inquiry error", async () => {
            const { agentIds, room } = await openRoom();
            await engine.closeLivechatRoom(room.id, agentIds[0], 'closed by the agent');
            await expect(probe(engine, 'closeRoom', { room, comment: 'app close' })).rejects.toThrow(
                appErrorText('Error removing inquiry'),
            );
            // A fresh copy says closed: RC's own error.
            await expect(probe(engine, 'closeRoom', { roomId: room.id, comment: 'app close' })).rejects.toThrow(
                appErrorText('error-room-closed'),
            );
            expect(appEvents<RoomEvent>(model, 'IPostLivechatRoomClosed').filter((e) => e.roomId === room.id)).toHaveLength(1);
        });

        it('resolves the department of createRoom by id only: a name on the visitor object finds no agent', async () => {
            const { departmentId, visitor } = await openRoom();
            const name = model.livechat.findDepartmentById(departmentId)!.name;
            await expect(probe(engine, 'createRoom', { token: visitor.token, department: name })).rejects.toThrow(
                appErrorText('Sorry, no online agents [no-agent-online]'),
            );
        });

        it("refuses a visitor message into another visitor's open room (cannot-access-room), and into a vanished room", async () => {
            const { room } = await openRoom();
            const other = await openRoom();
            await expect(
                probe(engine, 'visitorMessage', { roomId: room.id, token: other.visitor.token, text: 'wrong room' }),
            ).rejects.toThrow(appErrorText('[cannot-access-room]'));
            model.rooms.remove(other.room.id);
            await expect(
                probe(engine, 'visitorMessage', { roomId: other.room.id, token: other.visitor.token, text: 'gone' }),
            ).rejects.toThrow();
            expect(model.rooms.getMessages(room.id).some((m) => m.text === 'wrong room')).toBe(false);
        });

        it('leaves system and hidden messages out of the transcript (getRoomMessages)', async () => {
            const { agentIds, room, visitor } = await openRoom();
            await engine.sendVisitorMessage(visitor.token!, room.id, { text: 'question' });
            const answer = await engine.sendLivechatMessage(agentIds[0], room.id, { text: 'answer' });
            model.rooms.insertMessage({ roomId: room.id, sender: agentIds[0], text: 'hidden', hidden: true });
            model.rooms.insertMessage({ roomId: room.id, sender: agentIds[0], type: 'livechat_transfer_history', text: '' });
            await engine.closeLivechatRoom(room.id, agentIds[0], 'bye');
            const transcript = await probe<Array<{ id: string; text: string; type?: string }>>(engine, 'transcript', { roomId: room.id });
            // livechat-started / livechat-close and hidden messages are left out; other system types stay (as in RC).
            expect(transcript.map((m) => m.type || m.text)).toEqual(['question', 'answer', 'livechat_transfer_history']);
            expect(transcript[1].id).toBe(answer.id);
        });
    });
});
