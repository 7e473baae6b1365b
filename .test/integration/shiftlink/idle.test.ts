import { waitFor } from '../../host';
import { SettingId } from '../../../src/config/settings';
import { translate } from '../../../src/lib/i18n';
import {
    advance,
    agentWrites,
    botTexts,
    idleJobsOf,
    MINUTE,
    messagesIn,
    repWithSession,
    repWrites,
    sessionRecords,
    startShiftLink,
    World,
} from './world';

let world: World;
beforeAll(async () => {
    world = await startShiftLink();
});
afterAll(() => world?.engine.stop());

const managerNotices = (roomId: string) =>
    world.model.notifications
        .all()
        .filter((n) => n.roomId === roomId)
        .map((n) => n.message.text);
const closeMessage = (roomId: string) => messagesIn(world, roomId).find((m) => (m as { type?: string }).type === 'livechat-close');

describe('scenario 4: idle warning and close (timeout 5, warning 1)', () => {
    it('warns both sides at 4 minutes, closes at 5 with the comment, tells the rep; one job throughout', async () => {
        const { rep, room } = await repWithSession(world);
        const noticesBefore = botTexts(world, rep).length;
        expect(idleJobsOf(world, room.id)).toHaveLength(1);

        await advance(world, 4 * MINUTE - 1000);
        expect(botTexts(world, rep)).toHaveLength(noticesBefore);
        expect(idleJobsOf(world, room.id)).toHaveLength(1);

        await advance(world, 3000); // the first check runs 2 s after the 4-minute mark (slack for the first message)
        await waitFor(() => botTexts(world, rep).length === noticesBefore + 1, 'the warning to the rep');
        expect(botTexts(world, rep).slice(-1)).toEqual([translate('en', 'idle_warning', { minutes: 1 })]);
        expect(managerNotices(room.id)).toEqual([translate('en', 'idle_warning_manager', { minutes: 1 })]);
        expect(idleJobsOf(world, room.id)).toHaveLength(1);
        expect(world.model.livechat.isOpen(room.id)).toBe(true);

        await advance(world, MINUTE);
        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the idle close');
        expect(closeMessage(room.id)?.text).toBe(translate('en', 'close_comment', { minutes: 5 }));
        await waitFor(() => botTexts(world, rep).length === noticesBefore + 2, 'the close notice');
        expect(botTexts(world, rep).slice(-1)).toEqual([translate('en', 'close_notice', { minutes: 5 })]);
        expect(idleJobsOf(world, room.id)).toHaveLength(0);
        expect(sessionRecords(world, rep)).toHaveLength(0);

        // Nothing more happens later: no second notice, no job.
        await advance(world, 30 * MINUTE);
        expect(botTexts(world, rep)).toHaveLength(noticesBefore + 2);
    });

    it('activity in either direction postpones the warning and the close; still one job', async () => {
        const { rep, room } = await repWithSession(world);
        const notices = () => botTexts(world, rep).length;
        const base = notices();

        await advance(world, 3 * MINUTE);
        await repWrites(world, rep, 'still here');
        await advance(world, 2 * MINUTE); // 5 min since start, 2 since the rep wrote
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
        expect(notices()).toBe(base);
        expect(idleJobsOf(world, room.id)).toHaveLength(1);

        await advance(world, 2 * MINUTE); // 4 since the rep wrote: warning
        await waitFor(() => notices() === base + 1, 'the first warning');
        await agentWrites(world, world.agentIds[0], room.id, 'answer after the warning');
        expect(notices()).toBe(base + 2); // the relayed answer

        await advance(world, MINUTE); // 1 since the manager wrote: nothing
        expect(world.model.livechat.isOpen(room.id)).toBe(true);
        expect(notices()).toBe(base + 2);
        expect(idleJobsOf(world, room.id)).toHaveLength(1);

        await advance(world, 3 * MINUTE); // 4 since the manager wrote: second warning
        await waitFor(() => notices() === base + 3, 'the second warning');
        await advance(world, MINUTE);
        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the idle close');
        expect(managerNotices(room.id)).toHaveLength(2);
    });

    it('timeout, warning and texts from the settings apply; warning 0 means no warning', async () => {
        await world.engine.setSetting(SettingId.IdleTimeoutMinutes, 10);
        await world.engine.setSetting(SettingId.WarningMinutes, 0);
        await world.engine.setSetting(SettingId.CloseComment, 'Idle {minutes} min');
        await world.engine.setSetting(SettingId.CloseNotice, 'Closed, sorry.');
        try {
            const { rep, room } = await repWithSession(world);
            const base = botTexts(world, rep).length;
            await advance(world, 9 * MINUTE);
            expect(botTexts(world, rep)).toHaveLength(base);
            expect(world.model.livechat.isOpen(room.id)).toBe(true);
            await advance(world, MINUTE + 3000); // + the first check's slack
            await waitFor(() => !world.model.livechat.isOpen(room.id), 'the close at 10 minutes');
            expect(closeMessage(room.id)?.text).toBe('Idle 10 min');
            await waitFor(() => botTexts(world, rep).length === base + 1, 'the notice');
            expect(botTexts(world, rep).slice(-1)).toEqual(['Closed, sorry.']);
        } finally {
            await world.engine.setSetting(SettingId.IdleTimeoutMinutes, 5);
            await world.engine.setSetting(SettingId.WarningMinutes, 1);
            await world.engine.setSetting(SettingId.CloseComment, '');
            await world.engine.setSetting(SettingId.CloseNotice, '');
        }
    });

    it('a session ended elsewhere while its job runs is not revived (no upsert of a removed record)', async () => {
        const { rep, room } = await repWithSession(world);
        await repWrites(world, rep, 'keeps the session active'); // the job will find it early: re-arm
        const [job] = idleJobsOf(world, room.id);
        // Right after the job has read the session and while it reads the room, another instance's close
        // handler ends the session: closes the room and removes the record.
        const unsubscribe = world.model.calls.subscribe((store, method) => {
            if (store === 'rooms' && method === 'getById' && sessionRecords(world, rep).length) {
                world.model.livechat.closeRoom(room.id, 'closed on instance 2', { userId: world.agentIds[0] });
                world.model.persistence.drop(world.engine.appId, [
                    { model: 'misc', id: 'shiftlink-session' },
                    { model: 'room', id: room.id },
                ]);
            }
        });
        try {
            await world.engine.runJob(job);
            await world.engine.idle();
        } finally {
            unsubscribe();
        }
        const texts = botTexts(world, rep);
        expect(sessionRecords(world, rep)).toHaveLength(0);
        await advance(world, 30 * MINUTE);
        expect(botTexts(world, rep)).toEqual(texts);
        expect(sessionRecords(world, rep)).toHaveLength(0);
    });

    it('a job that fires for a session already closed does nothing', async () => {
        const { rep, room } = await repWithSession(world);
        const [job] = idleJobsOf(world, room.id);
        await world.engine.closeLivechatRoom(room.id, world.agentIds[0], 'bye');
        await world.engine.idle();
        const texts = botTexts(world, rep);
        await world.engine.runJob(job); // a stale copy of the cancelled job still running somewhere
        await world.engine.idle();
        expect(botTexts(world, rep)).toEqual(texts);
    });
});
