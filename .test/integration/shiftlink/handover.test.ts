import * as fs from 'fs';
import * as path from 'path';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { waitFor } from '../../host';
import { ActionId } from '../../../src/config/actionIds';
import { SettingId, SETTINGS } from '../../../src/config/settings';
import { englishDefault, translate } from '../../../src/lib/i18n';
import {
    advance,
    agentWrites,
    botPosts,
    botTexts,
    MINUTE,
    messagesIn,
    newRep,
    openRoomsOf,
    repWithSession,
    repWrites,
    sessionRecords,
    settle,
    startShiftLink,
    visitorMessages,
    World,
} from './world';

let world: World;
beforeAll(async () => {
    world = await startShiftLink({ agents: 2 });
});
afterAll(() => world?.engine.stop());

const agentName = (id: string) => world.model.users.getById(id)!.name;
const ephemeralsOf = (userId: string) => world.model.notifications.forUser(userId).map((n) => n.message);
/** The 1-minute idle warning the manager was shown in the room (an ephemeral notice). */
const managerWarningIn = (managerId: string, roomId: string) =>
    waitFor(
        () =>
            world.model.notifications
                .forUser(managerId, [roomId])
                .map((n) => n.message)
                .find((m) => m.text === translate('en', 'idle_warning_manager', { minutes: 1 })),
        'the manager warning',
    );
const buttonsOf = (message: IMessage) =>
    ((message.blocks ?? []) as unknown as Array<{ elements?: Array<{ actionId: string }> }>)
        .flatMap((b) => b.elements ?? [])
        .map((e) => e.actionId);

describe('issue 10.1: shift handover', () => {
    it('forward to another agent: the rep is told once who took over; messages during the handover arrive once each', async () => {
        const { rep, room } = await repWithSession(world);
        const [ana, ben] = [room.servedBy!.id, world.agentIds.find((id) => id !== room.servedBy!.id)!];
        const joined = botTexts(world, rep).filter((t) => t.includes('joined'));

        // The rep writes while the forward is under way: the message must land once, in the same room.
        const inFlight = world.engine.sendDirectMessage(rep.repId, rep.dmId, { text: 'during the handover' });
        await world.engine.forwardRoom(room.id, { agentId: ben });
        await inFlight;
        await world.engine.idle();

        const tookOver = translate('en', 'agent_took_over', { agent: agentName(ben), previous: agentName(ana) });
        await waitFor(() => botTexts(world, rep).includes(tookOver), 'the took-over notice');
        await agentWrites(world, ben, room.id, 'Ben here, I have your case');
        await waitFor(() => botTexts(world, rep).some((t) => t.includes('Ben here, I have your case')), 'the new manager answer relayed');
        await repWrites(world, rep, 'thanks Ben');
        await waitFor(() => visitorMessages(world, room.id).some((m) => m.text === 'thanks Ben'), 'the rep answer in the same room');

        expect(botTexts(world, rep).filter((t) => t === tookOver)).toHaveLength(1);
        expect(botTexts(world, rep).filter((t) => t.includes('joined'))).toEqual(joined);
        expect(visitorMessages(world, room.id).filter((m) => m.text === 'during the handover')).toHaveLength(1);
        expect(openRoomsOf(world, rep).map((r) => r.id)).toEqual([room.id]);
        expect(sessionRecords(world, rep).map((s) => s.roomId)).toEqual([room.id]);
    });

    it.each([1, 2, 3])('messages in flight on both sides during a forward arrive once each (trial %i)', async () => {
        const { rep, room } = await repWithSession(world);
        const ana = room.servedBy!.id;
        const ben = world.agentIds.find((id) => id !== ana)!;
        const sent = [0, 1, 2].map((i) => world.engine.sendDirectMessage(rep.repId, rep.dmId, { text: `burst ${i}` }));
        const forward = world.engine.forwardRoom(room.id, { agentId: ben });
        const answer = agentWrites(world, ana, room.id, 'last words from Ana');
        await Promise.all([...sent, forward, answer]);
        await world.engine.idle();
        await waitFor(() => visitorMessages(world, room.id).filter((m) => /^burst /.test(m.text ?? '')).length === 3, 'the burst');
        await waitFor(() => botTexts(world, rep).some((t) => t.includes('last words from Ana')), "Ana's answer");
        const bursts = visitorMessages(world, room.id)
            .map((m) => m.text)
            .filter((t) => /^burst /.test(t ?? ''));
        expect(bursts).toEqual(['burst 0', 'burst 1', 'burst 2']);
        expect(botTexts(world, rep).filter((t) => t.includes('last words from Ana'))).toHaveLength(1);
        expect(
            botTexts(world, rep).filter(
                (t) => t === translate('en', 'agent_took_over', { agent: agentName(ben), previous: agentName(ana) }),
            ),
        ).toHaveLength(1);
        expect(botTexts(world, rep).filter((t) => t.includes('joined'))).toHaveLength(1);
        expect(sessionRecords(world, rep).map((r) => r.roomId)).toEqual([room.id]);
        // The idle clock carries on: Ben's room still closes when idle.
        await advance(world, 6 * MINUTE);
        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the idle close after the handover');
    });

    it('every handover is told: the same two managers swapping twice, and a manager taking the room back from a queue', async () => {
        const { rep, room } = await repWithSession(world);
        const [ana, ben] = [room.servedBy!.id, world.agentIds.find((id) => id !== room.servedBy!.id)!];
        const tookOver = (agent: string, previous: string) =>
            translate('en', 'agent_took_over', { agent: agentName(agent), previous: agentName(previous) });
        const lastText = () => botTexts(world, rep).slice(-1)[0];
        for (const [from, to] of [
            [ana, ben],
            [ben, ana],
            [ana, ben],
        ]) {
            await world.engine.forwardRoom(room.id, { agentId: to });
            await world.engine.idle();
            await waitFor(() => lastText() === tookOver(to, from), `${agentName(to)} taking over from ${agentName(from)}`);
        }
        expect(botTexts(world, rep).filter((t) => t === tookOver(ben, ana))).toHaveLength(2);

        // Into another department's queue, taken there, back into the first queue, taken by Ana again.
        const evening = world.model.livechat.addDepartment({ name: `Evening desk ${Date.now()}` });
        const eve = world.model.livechat.addAgent({ username: `eve-${Date.now()}`, name: 'Eve', departmentIds: [evening.id] }).id;
        world.model.livechat.settings.routingMethod = 'Manual_Selection';
        try {
            for (const [departmentId, taker] of [
                [evening.id, eve],
                [world.departmentId, ana],
            ]) {
                const said = botTexts(world, rep).length;
                await world.engine.forwardRoom(room.id, { departmentId });
                await world.engine.idle();
                await waitFor(() => lastText() === translate('en', 'session_waiting'), 'waiting again');
                await world.engine.takeRoom(taker, room.id);
                await world.engine.idle();
                const joined = translate('en', 'agent_joined', { agent: agentName(taker) });
                await waitFor(() => lastText() === joined, `${agentName(taker)} joined`);
                expect(botTexts(world, rep).slice(said)).toEqual([translate('en', 'session_waiting'), joined]);
            }
        } finally {
            world.model.livechat.settings.routingMethod = 'Auto_Selection';
        }
        // Ana joined twice: at the start and back from the queue.
        expect(botTexts(world, rep).filter((t) => t === translate('en', 'agent_joined', { agent: agentName(ana) }))).toHaveLength(2);
    });

    it('forward to another department: routed there, the rep is told who took over, the session carries on', async () => {
        const { rep, room } = await repWithSession(world);
        const night = world.model.livechat.addDepartment({ name: 'Night desk' });
        const nora = world.model.livechat.addAgent({ username: `nora-${Date.now()}`, name: 'Nora Night', departmentIds: [night.id] });
        await world.engine.forwardRoom(room.id, { departmentId: night.id });
        await world.engine.idle();
        const tookOver = translate('en', 'agent_took_over', { agent: 'Nora Night', previous: room.servedBy!.name });
        await waitFor(() => botTexts(world, rep).includes(tookOver), 'the took-over notice');
        await agentWrites(world, nora.id, room.id, 'Night desk speaking');
        await waitFor(() => botTexts(world, rep).some((t) => t.includes('Night desk speaking')), 'relay from the new department');
        expect(sessionRecords(world, rep).map((s) => s.roomId)).toEqual([room.id]);
    });
});

describe('issue 10.2: Auto Selection (the default)', () => {
    it('the rep is told "connected", then who joined, each once and in that order; the manager sees the intro first', async () => {
        const { rep, room } = await repWithSession(world);
        const joined = translate('en', 'agent_joined', { agent: agentName(room.servedBy!.id) });
        const texts = botTexts(world, rep);
        expect(texts.filter((t) => t === translate('en', 'session_connected'))).toHaveLength(1);
        expect(texts.filter((t) => t === joined)).toHaveLength(1);
        expect(texts.indexOf(translate('en', 'session_connected'))).toBeLessThan(texts.indexOf(joined));
        expect(texts).not.toContain(translate('en', 'session_waiting'));
        const firstTwo = messagesIn(world, room.id)
            .filter((m) => !(m as { type?: string }).type && !(m as { t?: string }).t)
            .slice(0, 2);
        expect(firstTwo.map((m) => m.text)).toEqual([
            translate('en', 'manager_intro', { rep: world.model.users.getById(rep.repId)!.name }),
            'hello',
        ]);
    });
});

describe('issue 10.2: queues', () => {
    afterEach(() => {
        world.model.livechat.settings.routingMethod = 'Auto_Selection';
    });

    it('Manual Selection: the room waits unserved; when an agent takes it the rep is told who joined, once', async () => {
        world.model.livechat.settings.routingMethod = 'Manual_Selection';
        const rep = newRep(world);
        await repWrites(world, rep, 'anyone there?');
        const room = await waitFor(() => openRoomsOf(world, rep)[0], 'the queued room');
        expect(room.servedBy).toBeUndefined();
        expect(visitorMessages(world, room.id).map((m) => m.text)).toEqual(['anyone there?']);
        await waitFor(() => botTexts(world, rep).includes(translate('en', 'session_waiting')), 'the waiting notice');
        expect(botTexts(world, rep)).not.toContain(translate('en', 'session_connected'));
        expect(botTexts(world, rep).some((t) => t.includes('joined'))).toBe(false);
        // The manager's first line: whose conversation it is and where answers go.
        const repName = world.model.users.getById(rep.repId)!.name;
        expect(
            messagesIn(world, room.id)
                .filter((m) => m.sender.id === world.botId)
                .map((m) => m.text),
        ).toEqual([translate('en', 'manager_intro', { rep: repName })]);

        await world.engine.takeRoom(world.agentIds[1], room.id);
        await world.engine.idle();
        const joined = translate('en', 'agent_joined', { agent: agentName(world.agentIds[1]) });
        await waitFor(() => botTexts(world, rep).includes(joined), 'the joined notice');
        expect(botTexts(world, rep).filter((t) => t === joined)).toHaveLength(1);
        expect(botTexts(world, rep).indexOf(translate('en', 'session_waiting'))).toBeLessThan(botTexts(world, rep).indexOf(joined));
    });

    it('a room nobody took within the idle timeout closes with its own text', async () => {
        world.model.livechat.settings.routingMethod = 'Manual_Selection';
        const rep = newRep(world);
        await repWrites(world, rep, 'is anybody on shift?');
        const room = await waitFor(() => openRoomsOf(world, rep)[0], 'the queued room');
        await advance(world, 6 * MINUTE);
        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the idle close');
        await waitFor(
            () => botTexts(world, rep).slice(-1)[0] === translate('en', 'queue_timeout_notice', { minutes: 5 }),
            'the nobody-took text',
        );
        expect(botTexts(world, rep)).not.toContain(translate('en', 'close_notice', { minutes: 5 }));
        const close = messagesIn(world, room.id).find(
            (m) => (m as { type?: string }).type === 'livechat-close' || (m as { t?: string }).t === 'livechat-close',
        );
        expect(close?.text).toBe(translate('en', 'queue_timeout_comment', { minutes: 5 }));
    });

    it('accepting chats with no agents: with nobody online the message is delivered into a waiting room, no "no manager" notice', async () => {
        world.model.livechat.settings.acceptChatsWithNoAgents = true;
        world.agentIds.forEach((id) => world.model.livechat.setAgentOnline(id, false));
        try {
            const rep = newRep(world);
            await repWrites(world, rep, 'night shift, anyone?');
            const room = await waitFor(() => openRoomsOf(world, rep)[0], 'the waiting room');
            expect(room.servedBy).toBeUndefined();
            expect(visitorMessages(world, room.id).map((m) => m.text)).toEqual(['night shift, anyone?']);
            expect(botTexts(world, rep).some((t) => t.includes('not delivered'))).toBe(false);

            world.model.livechat.setAgentOnline(world.agentIds[0], true);
            await world.engine.takeRoom(world.agentIds[0], room.id);
            const joined = translate('en', 'agent_joined', { agent: agentName(world.agentIds[0]) });
            await waitFor(() => botTexts(world, rep).includes(joined), 'the joined notice');
        } finally {
            world.model.livechat.settings.acceptChatsWithNoAgents = false;
            world.agentIds.forEach((id) => world.model.livechat.setAgentOnline(id, true));
        }
    });

    it('waiting queue (the agent at their chat limit): the rep waits, then hears who joined when the agent takes it', async () => {
        const desk = world.model.livechat.addDepartment({ name: `Queue desk ${Date.now()}` });
        const quinn = world.model.livechat.addAgent({ username: `quinn-${Date.now()}`, name: 'Quinn Queue', departmentIds: [desk.id] });
        const configured = world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, SettingId.Department).value;
        await world.engine.setSetting(SettingId.Department, desk.id);
        Object.assign(world.model.livechat.settings, { waitingQueue: true, maxChatsPerAgent: 1 });
        try {
            const first = await repWithSession(world); // Quinn's one chat
            expect(first.room.servedBy?.id).toBe(quinn.id);
            const rep = newRep(world);
            await repWrites(world, rep, 'queue me');
            const room = await waitFor(() => openRoomsOf(world, rep)[0], 'the queued room');
            await waitFor(() => botTexts(world, rep).includes(translate('en', 'session_waiting')), 'the waiting notice');
            expect(room.servedBy).toBeUndefined();
            expect(botTexts(world, rep)).not.toContain(translate('en', 'session_connected'));
            expect(visitorMessages(world, room.id).map((m) => m.text)).toEqual(['queue me']);

            await world.engine.closeLivechatRoom(first.room.id, quinn.id, 'done');
            await world.engine.takeRoom(quinn.id, room.id);
            const joined = translate('en', 'agent_joined', { agent: 'Quinn Queue' });
            await waitFor(() => botTexts(world, rep).includes(joined), 'the joined notice');
            expect(botTexts(world, rep).filter((t) => t === joined)).toHaveLength(1);
        } finally {
            Object.assign(world.model.livechat.settings, { waitingQueue: false, maxChatsPerAgent: 0 });
            await world.engine.setSetting(SettingId.Department, configured);
            await settle(world);
        }
    });

    it('forwarded into a department queue: the rep is told they are waiting again', async () => {
        const { rep, room } = await repWithSession(world);
        const evening = world.model.livechat.addDepartment({ name: 'Evening desk' });
        world.model.livechat.addAgent({ username: `eve-${Date.now()}`, name: 'Eve', departmentIds: [evening.id] });
        world.model.livechat.settings.routingMethod = 'Manual_Selection';
        await world.engine.forwardRoom(room.id, { departmentId: evening.id });
        await world.engine.idle();
        await waitFor(() => botTexts(world, rep).slice(-1)[0] === translate('en', 'session_waiting'), 'the waiting notice');
    });
});

describe('issue 10.3: buttons through the engine', () => {
    it('/shiftlink status shows a card; "End conversation" asks first, "Yes, end it" ends the session', async () => {
        const { rep, room } = await repWithSession(world);
        await world.engine.runSlashCommand(rep.repId, rep.dmId, 'shiftlink', ['status']);
        await world.engine.idle();
        const card = ephemeralsOf(rep.repId).slice(-1)[0];
        expect(JSON.stringify(card.blocks)).toContain(`Shift manager: ${room.servedBy!.name}`);
        expect(JSON.stringify(card.blocks)).toMatch(/Open since: .*\\nCloses at: /);
        expect(buttonsOf(card)).toEqual([ActionId.End]);
        // RC shows the text and the blocks: the title is the text, the card's blocks never repeat it.
        expect(card.text).toBe(translate('en', 'status_title'));
        expect(JSON.stringify(card.blocks)).not.toContain(translate('en', 'status_title'));

        expect(await world.engine.clickButton(rep.repId, card.id!, ActionId.End)).toMatchObject({ success: true });
        await world.engine.idle();
        const question = ephemeralsOf(rep.repId).slice(-1)[0];
        expect(question.text).toBe(translate('en', 'end_confirm', { agent: room.servedBy!.name }));
        expect(buttonsOf(question)).toEqual([ActionId.EndConfirm, ActionId.EndCancel]);
        expect(world.model.livechat.isOpen(room.id)).toBe(true);

        await world.engine.clickButton(rep.repId, question.id!, ActionId.EndCancel);
        await world.engine.idle();
        expect(world.model.livechat.isOpen(room.id)).toBe(true);

        await world.engine.clickButton(rep.repId, question.id!, ActionId.EndConfirm);
        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the room closed');
        await waitFor(() => botTexts(world, rep).slice(-1)[0] === translate('en', 'closed_by_rep'), 'the rep told once');
        expect(botTexts(world, rep).filter((t) => t === translate('en', 'closed_by_rep'))).toHaveLength(1);
    });

    it('someone else clicking the rep\'s "End conversation" ends nothing', async () => {
        const { rep, room } = await repWithSession(world);
        await world.engine.runSlashCommand(rep.repId, rep.dmId, 'shiftlink', ['status']);
        await world.engine.idle();
        const card = ephemeralsOf(rep.repId).slice(-1)[0];
        const intruder = world.model.users.add({ username: `intruder-${Date.now()}` });
        world.model.notifications.add({ userId: intruder.id, appId: world.engine.appId, message: card }); // as if they saw it
        const shown = ephemeralsOf(intruder.id).slice(-1)[0];
        await world.engine.clickButton(intruder.id, shown.id!, ActionId.End);
        await world.engine.idle();
        expect(ephemeralsOf(intruder.id).slice(-1)[0].text).toBe(translate('en', 'end_none'));
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
    });

    it('"Keep it open" from the manager\'s warning: a note in the room moves the idle clock, the rep is told, the close moves a full timeout later', async () => {
        const { rep, room } = await repWithSession(world);
        const managerId = room.servedBy!.id;
        await advance(world, 4 * MINUTE + 5_000); // the 1-minute warnings have gone out
        const warning = await managerWarningIn(managerId, room.id);
        // The text says it; the blocks add only the button (RC renders both).
        expect(buttonsOf(warning)).toEqual([ActionId.KeepOpen]);
        expect(JSON.stringify(warning.blocks)).not.toContain('closes in');
        const before = world.model.rooms.getById(room.id)!.lastModifiedAt!;
        await world.engine.clickButton(managerId, warning.id!, ActionId.KeepOpen);
        await world.engine.idle();
        const note = messagesIn(world, room.id).slice(-1)[0];
        expect(note).toMatchObject({ text: `${agentName(managerId)} kept the conversation open.`, sender: { id: world.botId } });
        expect(world.model.rooms.getById(room.id)!.lastModifiedAt!.getTime()).toBeGreaterThan(before.getTime());
        await waitFor(() => botTexts(world, rep).slice(-1)[0] === `${agentName(managerId)} kept the conversation open.`, 'the rep told');
        // The note is ShiftLink's own: never relayed as a manager message.
        expect(botTexts(world, rep).filter((t) => t.includes('kept the conversation open'))).toHaveLength(1);
        await advance(world, 2 * MINUTE); // past the original close time
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
    });
});

describe('issue 10.3: "Try again" under the no-manager notice', () => {
    it('resends the undelivered message once when a manager is back; a second click sends nothing', async () => {
        world.agentIds.forEach((id) => world.model.livechat.setAgentOnline(id, false));
        const rep = newRep(world);
        let written: IMessage;
        try {
            written = await repWrites(world, rep, 'please call customer 42');
            const notice = await waitFor(
                () => botPosts(world, rep).find((m) => m.text?.includes('not delivered')),
                'the no-manager notice',
            );
            expect(buttonsOf(notice)).toEqual([ActionId.TryAgain]);
            expect(JSON.stringify(notice.blocks)).not.toContain('not delivered');
            expect(openRoomsOf(world, rep)).toHaveLength(0);
        } finally {
            world.agentIds.forEach((id) => world.model.livechat.setAgentOnline(id, true));
        }
        const notice = botPosts(world, rep).find((m) => m.text?.includes('not delivered'))!;
        await world.engine.clickButton(rep.repId, notice.id!, ActionId.TryAgain);
        await world.engine.idle();
        const room = await waitFor(() => openRoomsOf(world, rep)[0], 'the room opened by the retry');
        await waitFor(() => visitorMessages(world, room.id).some((m) => m.text === written.text), 'the message delivered');
        await world.engine.clickButton(rep.repId, notice.id!, ActionId.TryAgain);
        await world.engine.idle();
        expect(visitorMessages(world, room.id).filter((m) => m.text === written.text)).toHaveLength(1);
        expect(ephemeralsOf(rep.repId).slice(-1)[0].text).toBe(translate('en', 'nothing_to_retry'));
    });

    it('a click while still nobody is online answers privately and posts nothing twice', async () => {
        world.agentIds.forEach((id) => world.model.livechat.setAgentOnline(id, false));
        try {
            const rep = newRep(world);
            await repWrites(world, rep, 'still nobody?');
            const notice = await waitFor(
                () => botPosts(world, rep).find((m) => m.text?.includes('not delivered')),
                'the no-manager notice',
            );
            const posts = botPosts(world, rep).length;
            await world.engine.clickButton(rep.repId, notice.id!, ActionId.TryAgain);
            await world.engine.idle();
            expect(ephemeralsOf(rep.repId).slice(-1)[0].text).toBe(translate('en', 'delivery_failed'));
            expect(botPosts(world, rep)).toHaveLength(posts);
            expect(openRoomsOf(world, rep)).toHaveLength(0);
        } finally {
            world.agentIds.forEach((id) => world.model.livechat.setAgentOnline(id, true));
        }
    });
});

describe('issue 10.3: "Keep it open" postpones the idle close', () => {
    it("the rep's warning carries the button; a click a minute before the close moves it a full timeout later", async () => {
        const { rep, room } = await repWithSession(world);
        await advance(world, 4 * MINUTE + 5_000); // the 1-minute warning has gone out
        const text = translate('en', 'idle_warning', { minutes: 1 });
        const warning = await waitFor(() => botPosts(world, rep).find((m) => m.text === text), 'the warning');
        expect(buttonsOf(warning)).toEqual([ActionId.KeepOpen]);
        await world.engine.clickButton(rep.repId, warning.id!, ActionId.KeepOpen);
        await world.engine.idle();
        expect(messagesIn(world, room.id).slice(-1)[0]).toMatchObject({ sender: { id: world.botId } });

        await advance(world, 2 * MINUTE); // past the original close time
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
        await advance(world, 4 * MINUTE);
        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the postponed idle close');
        await waitFor(
            () => botTexts(world, rep).slice(-1)[0] === translate('en', 'close_notice', { minutes: 5 }),
            'the ordinary close text',
        );
    });
});

describe('"Keep it open" clicked twice, or by both parties', () => {
    const keptNotes = (roomId: string) =>
        messagesIn(world, roomId).filter((m) => m.sender.id === world.botId && m.text?.includes('kept the conversation open'));

    it.each([1, 2, 3])('posts one note per silence, whoever clicks and however often (trial %i)', async () => {
        const { rep, room } = await repWithSession(world);
        const managerId = room.servedBy!.id;
        await advance(world, 4 * MINUTE + 5_000); // the 1-minute warnings have gone out
        const repText = translate('en', 'idle_warning', { minutes: 1 });
        const repWarning = await waitFor(() => botPosts(world, rep).find((m) => m.text === repText), 'the rep warning');
        const managerWarning = await managerWarningIn(managerId, room.id);

        // A double click by the rep and the manager's click, all in flight together.
        await Promise.all([
            world.engine.clickButton(rep.repId, repWarning.id!, ActionId.KeepOpen),
            world.engine.clickButton(rep.repId, repWarning.id!, ActionId.KeepOpen),
            world.engine.clickButton(managerId, managerWarning.id!, ActionId.KeepOpen),
        ]);
        await world.engine.idle();
        expect(keptNotes(room.id)).toHaveLength(1);
        // A slow second click, after the note landed.
        await advance(world, 3_000);
        await world.engine.clickButton(rep.repId, repWarning.id!, ActionId.KeepOpen);
        await world.engine.idle();
        expect(keptNotes(room.id)).toHaveLength(1);
        expect(botTexts(world, rep).filter((t) => t.includes('kept the conversation open')).length).toBeLessThanOrEqual(1);

        await advance(world, 2 * MINUTE); // past the original close time
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
        await world.engine.closeLivechatRoom(room.id, managerId, 'done');
        await world.engine.idle();
    });
});

describe('issue 10.5: allowed role in the rep path', () => {
    it('a custom role set by name admits a rep whose roles hold its id; a rep without it is refused before anything opens', async () => {
        const role = world.model.roles.addCustom(`Shift reps ${Date.now()}`);
        await world.engine.setSetting(SettingId.AllowedRole, role.name);
        try {
            const member = newRep(world, { roles: ['user', role.id] });
            await repWrites(world, member, 'I may');
            await waitFor(() => openRoomsOf(world, member).length === 1, 'a session for the member');
            const outsider = newRep(world);
            await repWrites(world, outsider, 'I may not');
            await waitFor(() => botTexts(world, outsider).includes(translate('en', 'not_allowed')), 'the refusal');
            expect(openRoomsOf(world, outsider)).toHaveLength(0);
        } finally {
            await world.engine.setSetting(SettingId.AllowedRole, '');
            await settle(world);
        }
    });
});

describe('issue 10.5: settings an admin understands', () => {
    it('every setting the engine holds sits in one of the four sections; text settings show their default as a placeholder', async () => {
        const catalog = JSON.parse(fs.readFileSync(path.join(__dirname, '../../../i18n/en.json'), 'utf8')) as Record<string, string>;
        const settings = SETTINGS.map((setting) =>
            world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, setting.id),
        );
        expect(new Set(settings.map((setting) => catalog[setting.section!]))).toEqual(
            new Set(['Routing', 'Idle close', 'Texts', 'Webhook endpoints']),
        );
        const placeholders = Object.fromEntries(
            settings.filter((setting) => setting.i18nPlaceholder).map((setting) => [setting.id, catalog[setting.i18nPlaceholder!]]),
        );
        expect(placeholders).toEqual({
            [SettingId.CloseComment]: englishDefault('close_comment'),
            [SettingId.CloseNotice]: englishDefault('close_notice'),
            [SettingId.WarningText]: englishDefault('idle_warning'),
            [SettingId.NoManagerText]: englishDefault('no_manager'),
        });
    });

    it('an unknown department is refused with its reason and the old value kept', async () => {
        const before = world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, SettingId.Department).value;
        await world.engine.setSetting(SettingId.Department, 'No such desk');
        expect(world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, SettingId.Department).value).toBe(before);
        expect(world.model.logs.find('department "No such desk" does not exist').length).toBeGreaterThan(0);
    });
});

describe('issue 10.5: allowed role', () => {
    it('an unknown role is refused with the reason logged; a custom role by name is accepted', async () => {
        await world.engine.setSetting(SettingId.AllowedRole, 'no-such-role');
        expect(world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, SettingId.AllowedRole).value ?? '').toBe(
            '',
        );
        expect(world.model.logs.find('role "no-such-role" does not exist').length).toBeGreaterThan(0);

        const role = world.model.roles.addCustom(`Shift reps ${Date.now()}`);
        try {
            await world.engine.setSetting(SettingId.AllowedRole, role.name);
            expect(world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, SettingId.AllowedRole).value).toBe(
                role.name,
            );
        } finally {
            await world.engine.setSetting(SettingId.AllowedRole, '');
            await settle(world);
        }
    });
});
