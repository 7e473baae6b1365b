import type { Engine } from '../../host/Engine';
import { engineHasEvent } from '../../host/engines/compat';
import type { ServerModel } from '../../host/model/ServerModel';
import { waitFor } from '../../host/waitFor';
import { appEvents, departmentWithAgents, probe, repWithDm, useEcho, unique, waitForAppEvent } from './echoHarness';

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
        const own = await waitForAppEvent<MessageEvent>(model, 'IPostMessageSent', (e) => e.roomId === dmId && e.senderId === botId, 'IPostMessageSent for the bot reply');
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
            await waitForAppEvent<MessageEvent>(model, 'IPostSystemMessageSent', (e) => e.id === close.id, 'IPostSystemMessageSent for livechat-close');
        } else {
            // A later user message's event proves the app has caught up with everything fired before it.
            const { repId, dmId } = await repWithDm(model, engine);
            const later = await engine.sendDirectMessage(repId, dmId, { text: 'after the close' });
            await waitForAppEvent<MessageEvent>(model, 'IPostMessageSent', (e) => e.id === later.id, 'IPostMessageSent for a later message');
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
        const event = await waitForAppEvent<MessageEvent>(model, 'IPostMessageSent', (e) => e.id === id, 'IPostMessageSent for the visitor message');
        expect(event.token).toBe(token);
        await engine.idle();
    });

    it('delivers slash command replies as notifications, not messages', async () => {
        const { repId, dmId } = await repWithDm(model, engine);
        await engine.runSlashCommand(repId, dmId, 'echo', ['status', 'now']);
        expect(model.notifications.forUser(repId).map((n) => n.message.text)).toEqual(['echo-command: status now']);
        expect(model.rooms.getMessages(dmId)).toEqual([]);
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
