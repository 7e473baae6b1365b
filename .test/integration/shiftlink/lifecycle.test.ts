import { waitFor } from '../../host';
import { engineReenablesAfterCrash } from '../../host/engines/compat';
import { SettingId } from '../../../src/config/settings';
import { en } from '../../../src/i18n/en';
import { fill, translate } from '../../../src/lib/i18n';
import {
    advance,
    agentWrites,
    botTexts,
    idleJobsOf,
    MINUTE,
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
    world = await startShiftLink();
});
afterAll(() => world?.engine.stop());

const setting = (id: string) => world.engine.getManager().getSettingsManager().getAppSetting(world.engine.appId, id).value;

describe('scenario 9: restart and disable', () => {
    it('after a restart mid-session the relay and the idle close continue', async () => {
        const { rep, room } = await repWithSession(world);
        await world.engine.restart();
        await settle(world);

        await repWrites(world, rep, 'after restart');
        await waitFor(() => visitorMessages(world, room.id).some((m) => m.text === 'after restart'), 'relay after the restart');
        await agentWrites(world, world.agentIds[0], room.id, 'answer after restart');
        await waitFor(() => botTexts(world, rep).includes('answer after restart'), 'answer after the restart');
        expect(idleJobsOf(world, room.id)).toHaveLength(1);

        await advance(world, 5 * MINUTE);
        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the idle close after the restart');
        await waitFor(() => botTexts(world, rep).slice(-1)[0] === translate('en', 'close_notice', { minutes: 5 }), 'the close notice');
    });

    (engineReenablesAfterCrash() ? it : it.skip)(
        'the app runtime crashes: rep messages written meanwhile are relayed once, in order, after the restart',
        async () => {
            const { rep, room } = await repWithSession(world);
            const texts = ['written during the crash 1', 'written during the crash 2', 'written during the crash 3'];
            const restarted = world.engine.crashRuntime();
            // Their events reach the dead process: the engine gives up on them after its 30 s request timeout.
            for (const text of texts) {
                await world.engine.sendDirectMessage(rep.repId, rep.dmId, { text });
            }
            await restarted;
            await world.model.clock.advance(1000); // the reconcile the restart's onEnable scheduled
            const relayed = () => visitorMessages(world, room.id).filter((m) => texts.some((t) => m.text?.includes(t)));
            await waitFor(() => relayed().length >= texts.length, 'the messages in the room after the restart', 20_000);
            await world.engine.idle(45_000); // the lost deliveries time out
            expect(relayed().map((m) => texts.find((t) => m.text?.includes(t)))).toEqual(texts);
            // Caught up by the reconcile the restart ran (the live events were lost), so marked late.
            relayed().forEach((m) => expect(m.text).toMatch(/^\[written .+, delivered late\]/));
            await agentWrites(world, world.agentIds[0], room.id, 'answer after the crash');
            await waitFor(() => botTexts(world, rep).includes('answer after the crash'), 'the answer after the restart');
        },
        90_000,
    );

    it('disabled for longer than the timeout: jobs due meanwhile are lost, enable closes the overdue session and tells the rep', async () => {
        const { rep, room } = await repWithSession(world);
        const fresh = await repWithSession(world);
        await world.engine.disableApp();
        await advance(world, 20 * MINUTE); // the idle job comes due and is consumed without running
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
        expect(idleJobsOf(world, room.id)).toHaveLength(0);

        await world.engine.enableApp();
        await settle(world);
        await waitFor(
            () => !world.model.livechat.isOpen(room.id) && !world.model.livechat.isOpen(fresh.room.id),
            'the overdue sessions closed on enable',
        );
        const notice = translate('en', 'close_notice', { minutes: 5 });
        for (const r of [rep, fresh.rep]) {
            await waitFor(() => botTexts(world, r).includes(notice), 'the close notice');
            expect(botTexts(world, r).filter((t) => t === notice)).toHaveLength(1);
            expect(sessionRecords(world, r)).toHaveLength(0);
        }
    });

    it('on enable every open session that is not overdue gets exactly one pending job', async () => {
        const { room } = await repWithSession(world);
        await world.engine.disableApp();
        await advance(world, MINUTE);
        await world.engine.enableApp();
        await settle(world);
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
        expect(idleJobsOf(world, room.id)).toHaveLength(1);
        await world.engine.restart(); // a restart enables again: still one job
        await settle(world);
        expect(idleJobsOf(world, room.id)).toHaveLength(1);
    });
});

describe('scenario 11: settings at run time', () => {
    it('an unknown department is refused, logged, and the previous one stays in effect', async () => {
        await world.engine.setSetting(SettingId.Department, 'no-such-department');
        expect(setting(SettingId.Department)).toBe(world.departmentId);
        expect(world.model.logs.find('department "no-such-department" does not exist').length).toBeGreaterThan(0);
        const { room } = await repWithSession(world);
        expect((room as { departmentId?: string }).departmentId ?? room.department?.id).toBe(world.departmentId);
    });

    it('a new department (by name) applies to new sessions; the open session stays where it is', async () => {
        const { rep, room } = await repWithSession(world);
        const night = world.model.livechat.addDepartment({ name: 'Night shift' });
        const nightAgent = world.model.livechat.addAgent({ username: 'night-agent', name: 'Nora Night', departmentIds: [night.id] });
        await world.engine.setSetting(SettingId.Department, 'Night shift');
        try {
            await repWrites(world, rep, 'still the old room');
            await waitFor(() => visitorMessages(world, room.id).some((m) => m.text === 'still the old room'), 'message in the old room');

            const { room: nightRoom, rep: nightRep } = await repWithSession(world);
            expect((nightRoom as { departmentId?: string }).departmentId ?? nightRoom.department?.id).toBe(night.id);
            expect(botTexts(world, nightRep)).toContain(fill(en.agent_joined, { agent: nightAgent.name }));
        } finally {
            await world.engine.setSetting(SettingId.Department, world.departmentId);
        }
    });
});

describe('scenario 12: uninstall', () => {
    it('closes every open ShiftLink room with a comment and tells each rep', async () => {
        const a = await repWithSession(world);
        const b = await repWithSession(world);
        await world.engine.uninstallApp();
        await waitFor(() => !world.model.livechat.isOpen(a.room.id) && !world.model.livechat.isOpen(b.room.id), 'rooms closed');
        for (const { rep, room } of [a, b]) {
            const close = world.model.rooms.getMessages(room.id).find((m) => (m as { type?: string }).type === 'livechat-close');
            expect(close?.text).toBe(en.uninstall_comment);
            expect(botTexts(world, rep).filter((t) => t === en.uninstall_notice)).toHaveLength(1);
            expect(botTexts(world, rep).slice(-1)).toEqual([en.uninstall_notice]);
            expect(openRoomsOf(world, rep)).toHaveLength(0);
        }
    });
});
