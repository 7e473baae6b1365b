import type { Engine } from '../../host/Engine';
import { engineHasEvent } from '../../host/engines/compat';
import type { ServerModel } from '../../host/model/ServerModel';
import { waitFor } from '../../host/waitFor';
import {
    appErrorText,
    appEvents,
    departmentWithAgents,
    probe,
    reportedEvents,
    repWithDm,
    useEcho,
    unique,
    waitForAppEvent,
} from './echoHarness';

type MessageEvent = { id: string; roomId: string; senderId: string; text?: string; type?: string; editedAt?: string; token?: string };

describe('host: messages and events', () => {
    let model: ServerModel;
    let engine: Engine;

    useEcho((started) => ({ model, engine } = started));

    it('delivers a DM to the bot and stores the one reply the app sends', async () => {
        const { repId, botId, dmId } = await repWithDm(model, engine);
        const sent = await engine.sendDirectMessage(repId, dmId, { text: 'hello' });
        const reply = await waitFor(() => model.rooms.getMessages(dmId).find((m) => m.sender.id === botId), 'the echo reply');
        expect(reply.text).toBe('echo: hello');
        expect(reply.createdAt!.getTime()).toBeGreaterThanOrEqual(sent.createdAt!.getTime());
        await engine.idle();
        expect(model.rooms.getMessages(dmId).filter((m) => m.sender.id === botId)).toHaveLength(1);
    });

    it("re-fires IPostMessageSent for the app's own message (no self-filter), asynchronously", async () => {
        const { repId, botId, dmId } = await repWithDm(model, engine);
        await engine.sendDirectMessage(repId, dmId, { text: 'loop?' });
        const own = await waitForAppEvent<MessageEvent>(
            model,
            'IPostMessageSent',
            (e) => e.roomId === dmId && e.senderId === botId,
            'IPostMessageSent for the bot reply',
        );
        expect(own.text).toBe('echo: loop?');
        // IPostMessageSentToBot skips the bot's own message: the app did not answer itself.
        await engine.idle();
        expect(model.rooms.getMessages(dmId)).toHaveLength(2);
    });

    it('moves the room lastModifiedAt to every message, like RC lm', async () => {
        const { repId, dmId } = await repWithDm(model, engine);
        await model.clock.advance(60_000);
        const message = await engine.sendDirectMessage(repId, dmId, { text: 'tick' });
        expect(model.rooms.getById(dmId)!.lastModifiedAt).toEqual(message.createdAt);
        await engine.idle();
    });

    it('fires IPostMessageUpdated for an edit, never IPostMessageSent again', async () => {
        const { repId, dmId } = await repWithDm(model, engine);
        const sent = await engine.sendDirectMessage(repId, dmId, { text: 'first' });
        await engine.idle();
        const edited = await engine.editMessage(sent.id!, 'second');
        expect(edited.editedAt).toBeInstanceOf(Date);
        const update = await waitForAppEvent<MessageEvent>(model, 'IPostMessageUpdated', (e) => e.id === sent.id, 'IPostMessageUpdated');
        expect(update.text).toBe('second');
        expect(update.editedAt).toBeDefined();
        await engine.idle();
        expect(appEvents<MessageEvent>(model, 'IPostMessageSent').filter((e) => e.id === sent.id)).toHaveLength(1);
    });

    // Since 1.5x (RC 7.x) saved system messages fire IPostSystemMessageSent; RC 6.x (engine 1.46) saved them
    // without any app event (engines/compat.ts engineHasEvent).
    const systemEvent = engineHasEvent('IPostSystemMessageSent');

    it(`fires ${systemEvent ? 'IPostSystemMessageSent' : 'no app event'}, not IPostMessageSent, for system messages (livechat-close)`, async () => {
        const { agentIds } = departmentWithAgents(model);
        const token = unique('token');
        const visitor = model.livechat.registerVisitor({ token, username: unique('visitor'), name: 'V' });
        const room = await engine.server.startLivechat(visitor);
        await engine.closeLivechatRoom(room.id, agentIds[0], 'done');
        const close = model.rooms.getMessages(room.id).find((m) => m.type === 'livechat-close')!;
        expect(close.text).toBe('done');
        if (systemEvent) {
            await waitForAppEvent<MessageEvent>(
                model,
                'IPostSystemMessageSent',
                (e) => e.id === close.id,
                'IPostSystemMessageSent for livechat-close',
            );
        } else {
            // A later user message's event proves the app has caught up with everything fired before it.
            const { repId, dmId } = await repWithDm(model, engine);
            const later = await engine.sendDirectMessage(repId, dmId, { text: 'after the close' });
            await waitForAppEvent<MessageEvent>(
                model,
                'IPostMessageSent',
                (e) => e.id === later.id,
                'IPostMessageSent for a later message',
            );
            expect(appEvents<MessageEvent>(model, 'IPostSystemMessageSent')).toEqual([]);
        }
        await engine.idle();
        expect(appEvents<MessageEvent>(model, 'IPostMessageSent').filter((e) => e.roomId === room.id)).toEqual([]);
    });

    it('stores a visitor message sent by the app with the token, and fires IPostMessageSent for it', async () => {
        departmentWithAgents(model);
        const token = unique('token');
        const visitor = model.livechat.registerVisitor({ token, username: unique('visitor'), name: 'V' });
        const room = await engine.server.startLivechat(visitor);
        const id = await probe<string>(engine, 'visitorMessage', { roomId: room.id, token, text: 'from the app' });
        const stored = model.rooms.getMessageById(id) as { token?: string; visitor?: { id?: string }; sender: { id: string } };
        expect(stored).toMatchObject({ token, visitor: { id: visitor.id }, sender: { id: visitor.id } });
        const event = await waitForAppEvent<MessageEvent>(
            model,
            'IPostMessageSent',
            (e) => e.id === id,
            'IPostMessageSent for the visitor message',
        );
        expect(event.token).toBe(token);
        await engine.idle();
    });

    it('delivers slash command replies as notifications, not messages', async () => {
        const { repId, dmId } = await repWithDm(model, engine);
        await engine.runSlashCommand(repId, dmId, 'echo', ['status', 'now']);
        expect(model.notifications.forUser(repId).map((n) => n.message.text)).toEqual(['echo-command: status now']);
        expect(model.rooms.getMessages(dmId)).toEqual([]);
    });

    it("starts the next message's events while the previous ones still run (a burst, 15 ms apart)", async () => {
        const { repId, dmId } = await repWithDm(model, engine);
        const texts = Array.from({ length: 5 }, (_, i) => `slow:300 ${unique('burst')} #${i}`);
        const sent = await engine.burstDirectMessages(repId, dmId, texts);
        expect(sent.map((m) => m.text)).toEqual(texts);
        const handled = await waitFor(async () => {
            const events = (await reportedEvents<{ text: string; start: number; end: number }>(engine, 'handled')).filter((e) =>
                texts.includes(e.text),
            );
            return events.length === texts.length ? events : undefined;
        }, 'the five slow handlers');
        handled.sort((a, b) => texts.indexOf(a.text) - texts.indexOf(b.text));
        // Each handler started before the previous one finished: nothing awaited the app between messages.
        for (let i = 1; i < handled.length; i++) {
            expect(handled[i].start).toBeLessThan(handled[i - 1].end);
        }
    });

    it('expresses an agent close in the middle of a burst', async () => {
        const { departmentId, agentIds } = departmentWithAgents(model);
        const token = unique('tok');
        await probe(engine, 'createVisitor', { visitor: { token, username: unique('v'), name: 'V', department: departmentId } });
        const room = await probe<{ id: string }>(engine, 'createRoom', { token });
        const results = await engine.burst<unknown>([
            () => engine.sendVisitorMessage(token, room.id, { text: 'one' }),
            () => engine.closeLivechatRoom(room.id, agentIds[0], 'done'),
            () => engine.sendVisitorMessage(token, room.id, { text: 'two' }),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
        expect(model.livechat.isOpen(room.id)).toBe(false);
        // 'two' lands in the old room if it was stored before the close finished, else in a new routed room.
        const rooms = model.livechat.roomsOfVisitor(model.livechat.findVisitorByToken(token)!.id!);
        const roomOfTwo = rooms.find((r) => model.rooms.getMessages(r.id).some((m) => m.text === 'two'))!;
        expect(rooms).toHaveLength(roomOfTwo.id === room.id ? 1 : 2);
    });

    it('refuses a text over Message_MaxAllowedSize (default 5000) from users and from the app', async () => {
        const { repId, dmId } = await repWithDm(model, engine);
        const long = 'x'.repeat(5001);
        await expect(engine.sendDirectMessage(repId, dmId, { text: long })).rejects.toThrow(
            'Message size exceeds Message_MaxAllowedSize [error-message-size-exceeded]',
        );
        await expect(probe(engine, 'botMessage', { roomId: dmId, text: long })).rejects.toThrow(
            appErrorText('error-message-size-exceeded'),
        );
        await expect(probe(engine, 'botMessage', { roomId: dmId, text: 'x'.repeat(5000) })).resolves.toBeTruthy();
        expect(model.rooms.getMessages(dmId).filter((m) => (m.text || '').length > 5000)).toEqual([]);
    });

    it('validates attachment links like RC (http(s), data: or /file-upload/ only)', async () => {
        const { dmId } = await repWithDm(model, engine);
        await expect(
            probe(engine, 'botMessage', { roomId: dmId, text: 'bad', attachments: [{ imageUrl: 'javascript:alert(1)' }] }),
        ).rejects.toThrow(appErrorText('Invalid href value provided'));
        await expect(
            probe(engine, 'botMessage', { roomId: dmId, text: 'ok', attachments: [{ imageUrl: '/file-upload/abc/pic.png' }] }),
        ).resolves.toBeTruthy();
    });

    it('throws for a message into a room that no longer exists', async () => {
        const { dmId } = await repWithDm(model, engine);
        const room = model.rooms.createRoom({ type: 'c', name: unique('gone'), userIds: [] });
        model.rooms.remove(room.id);
        await expect(probe(engine, 'botMessage', { roomId: room.id, text: 'x', fallbackRoomId: dmId })).rejects.toThrow();
    });

    it('drops an id the app chooses (engine 1.62 deletes it): two messages with the "same" id are both stored', async () => {
        const { dmId } = await repWithDm(model, engine);
        const id = unique('chosen');
        const [first, second] = [
            await probe<string>(engine, 'botMessage', { roomId: dmId, text: 'one', id }),
            await probe<string>(engine, 'botMessage', { roomId: dmId, text: 'two', id }),
        ];
        expect(first).not.toBe(id);
        expect(second).not.toBe(first);
        expect(model.rooms.getMessages(dmId).map((m) => m.text)).toEqual(['one', 'two']);
    });

    it("models RC's sendMessage for a chosen id at the bridge: an existing id fails reading _id, concurrent duplicates hit E11000", async () => {
        const { dmId, botId } = await repWithDm(model, engine);
        const bridge = engine.getManager().getBridges().getMessageBridge();
        const room = model.rooms.getById(dmId)!;
        const message = (id: string, text: string) => ({ id, room, sender: model.users.getById(botId)!, text }) as never;
        const id = unique('msg');
        expect(await bridge.doCreate(message(id, 'first'), engine.appId)).toBe(id);
        await expect(bridge.doCreate(message(id, 'again'), engine.appId)).rejects.toThrow(
            "Cannot read properties of undefined (reading '_id')",
        );
        const racing = unique('race');
        const results = await Promise.allSettled([
            bridge.doCreate(message(racing, 'a'), engine.appId),
            bridge.doCreate(message(racing, 'b'), engine.appId),
        ]);
        expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
        expect(String((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason)).toContain(
            'E11000 duplicate key error',
        );
        expect(
            model.rooms
                .getMessages(dmId)
                .filter((m) => m.id === id || m.id === racing)
                .map((m) => m.text),
        ).toHaveLength(2);
    });

    it('counts bridge calls by category', async () => {
        const { repId, botId, dmId } = await repWithDm(model, engine);
        await engine.idle();
        model.counters.reset();
        await engine.sendDirectMessage(repId, dmId, { text: 'count me' });
        await waitFor(() => model.rooms.getMessages(dmId).find((m) => m.sender.id === botId), 'the echo reply');
        await engine.idle();
        const { byCategory, byCall } = model.counters.snapshot();
        expect(byCategory.message).toBe(1);
        expect(byCall['MessageBridge.create']).toBe(1);
        expect(byCategory.user).toBeGreaterThan(0); // the engine looks up the app user per DM (IPostMessageSentToBot)
        expect(byCategory.persistenceRead + byCategory.persistenceWrite + byCategory.scheduler).toBe(0);
    });
});
