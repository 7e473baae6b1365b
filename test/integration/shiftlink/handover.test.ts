import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { waitFor } from '../../host';
import { idleWarningBlocks, managerWarningBlocks } from '../../../src/notices/blocks';
import { ActionId } from '../../../src/config/actionIds';
import { SettingId } from '../../../src/config/settings';
import { translate } from '../../../src/lib/i18n';
import { advance, agentWrites, botTexts, MINUTE, messagesIn, newRep, openRoomsOf, repWithSession, repWrites, sessionRecords, settle, startShiftLink, visitorMessages, World } from './world';

let world: World;
beforeAll(async () => {
    world = await startShiftLink({ agents: 2 });
});
afterAll(() => world?.engine.stop());

const agentName = (id: string) => world.model.users.getById(id)!.name;
const ephemeralsOf = (userId: string) => world.model.notifications.forUser(userId).map((n) => n.message);
const buttonsOf = (message: IMessage) => ((message.blocks ?? []) as unknown as Array<{ elements?: Array<{ actionId: string }> }>).flatMap((b) => b.elements ?? []).map((e) => e.actionId);

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
        expect(botTexts(world, rep).some((t) => t.includes('joined'))).toBe(false);

        await world.engine.takeRoom(world.agentIds[1], room.id);
        await world.engine.idle();
        const joined = translate('en', 'agent_joined', { agent: agentName(world.agentIds[1]) });
        await waitFor(() => botTexts(world, rep).includes(joined), 'the joined notice');
        expect(botTexts(world, rep).filter((t) => t === joined)).toHaveLength(1);
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

    it('"Keep it open" from the manager: a note in the room moves the idle clock, the rep is told', async () => {
        const { rep, room } = await repWithSession(world);
        const managerId = room.servedBy!.id;
        // The manager's warning is not sent with its button until the session core wires it; the card is
        // what that warning carries (notices/blocks.ts), shown to the manager here.
        const before = world.model.rooms.getById(room.id)!.lastModifiedAt!;
        await world.model.clock.advance(60_000);
        world.model.notifications.add({ roomId: room.id, appId: world.engine.appId, message: { room, sender: { id: world.botId }, text: translate('en', 'idle_warning_manager', { minutes: 1 }), blocks: managerWarningBlocks(new BlockBuilder(world.engine.appId), { language: 'en' }, 1, room.id).getBlocks() } as unknown as IMessage });
        const warning = world.model.notifications.forUser(managerId, [room.id]).slice(-1)[0].message;
        await world.engine.clickButton(managerId, warning.id!, ActionId.KeepOpen);
        await world.engine.idle();
        const note = messagesIn(world, room.id).slice(-1)[0];
        expect(note).toMatchObject({ text: `${agentName(managerId)} kept the conversation open.`, sender: { id: world.botId } });
        expect(world.model.rooms.getById(room.id)!.lastModifiedAt!.getTime()).toBeGreaterThan(before.getTime());
        await waitFor(() => botTexts(world, rep).slice(-1)[0] === `${agentName(managerId)} kept the conversation open.`, 'the rep told');
        // The note is ShiftLink's own: never relayed as a manager message.
        expect(botTexts(world, rep).filter((t) => t.includes('kept the conversation open'))).toHaveLength(1);
    });
});

describe('issue 10.3: "Keep it open" postpones the idle close', () => {
    it('a click a minute before the close moves it a full timeout later', async () => {
        const { rep, room } = await repWithSession(world);
        await advance(world, 4 * MINUTE + 5_000); // the 1-minute warning has gone out
        await waitFor(() => botTexts(world, rep).some((t) => t === translate('en', 'idle_warning', { minutes: 1 })), 'the warning');
        const warning = { room, sender: { id: world.botId }, text: translate('en', 'idle_warning', { minutes: 1 }), blocks: idleWarningBlocks(new BlockBuilder(world.engine.appId), { language: 'en' }, 'warning', room.id).getBlocks() };
        world.model.notifications.add({ userId: rep.repId, appId: world.engine.appId, message: warning as unknown as IMessage });
        await world.engine.clickButton(rep.repId, ephemeralsOf(rep.repId).slice(-1)[0].id!, ActionId.KeepOpen);
        await world.engine.idle();

        await advance(world, 2 * MINUTE); // past the original close time
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
        await advance(world, 4 * MINUTE);
        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the postponed idle close');
    });
});

describe('issue 10.5: allowed role', () => {
    it('an unknown role is refused with the reason logged; a custom role by name is accepted', async () => {
        await world.engine.setSetting(SettingId.AllowedRole, 'no-such-role');
        expect(world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, SettingId.AllowedRole).value ?? '').toBe('');
        expect(world.model.logs.find('role "no-such-role" does not exist').length).toBeGreaterThan(0);

        const role = world.model.roles.addCustom(`Shift reps ${Date.now()}`);
        try {
            await world.engine.setSetting(SettingId.AllowedRole, role.name);
            expect(world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, SettingId.AllowedRole).value).toBe(role.name);
        } finally {
            await world.engine.setSetting(SettingId.AllowedRole, '');
            await settle(world);
        }
    });
});

