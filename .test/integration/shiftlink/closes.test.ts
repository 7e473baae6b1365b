import { waitFor } from '../../host';
import { en } from '../../../src/i18n/en';
import {
    botTexts,
    idleJobsOf,
    messagesIn,
    openRoomsOf,
    repWithSession,
    repWrites,
    roomsOf,
    sessionRecords,
    startShiftLink,
    visitorMessages,
    World,
} from './world';

let world: World;
beforeAll(async () => {
    world = await startShiftLink();
});
afterAll(() => world?.engine.stop());

const notificationsOf = (userId: string) => world.model.notifications.forUser(userId).map((n) => n.message.text ?? '');
/** What a reader sees of an ephemeral message: its text and the texts of its blocks (not button values). */
const shownOf = (userId: string) =>
    world.model.notifications
        .forUser(userId)
        .map((n) => [n.message.text ?? '', ...(JSON.stringify(n.message.blocks ?? []).match(/"text":"[^"]*"/g) ?? [])].join('\n'));

describe('scenario 5: any close ends the session once', () => {
    it.each([
        ['an agent', (): string => world.agentIds[0]],
        ['the abandoned-room monitor', (): string => 'monitor'],
    ])('closed by %s: session ended, rep told once, next DM opens a fresh session', async (_who, closer) => {
        const { rep, room } = await repWithSession(world);
        const before = botTexts(world, rep).length;
        await world.engine.closeLivechatRoom(room.id, closer(), 'Resolved');
        await world.engine.idle();

        await waitFor(() => botTexts(world, rep).length === before + 1, 'the goodbye');
        expect(botTexts(world, rep).slice(-1)).toEqual([en.closed_by_manager]);
        expect(sessionRecords(world, rep)).toHaveLength(0);
        expect(idleJobsOf(world, room.id)).toHaveLength(0);

        await repWrites(world, rep, 'one more thing');
        const fresh = await waitFor(() => openRoomsOf(world, rep)[0], 'a fresh room');
        expect(fresh.id).not.toBe(room.id);
        await waitFor(() => visitorMessages(world, fresh.id).length === 1, 'the message in the fresh room');
        expect(visitorMessages(world, room.id).map((m) => m.text)).not.toContain('one more thing');
        expect(botTexts(world, rep).filter((t) => t === en.closed_by_manager)).toHaveLength(1);
    });

    it('/shiftlink end: closes the room with a comment, the rep is told once, next DM opens a fresh session', async () => {
        const { rep, room } = await repWithSession(world);
        const before = botTexts(world, rep).length;
        await world.engine.runSlashCommand(rep.repId, rep.dmId, 'shiftlink', ['end']);
        await world.engine.idle();

        await waitFor(() => !world.model.livechat.isOpen(room.id), 'the room closed');
        const close = messagesIn(world, room.id).find((m) => (m as { type?: string }).type === 'livechat-close');
        expect(close?.text).toBe(en.closed_by_rep_comment);
        await waitFor(() => botTexts(world, rep).length === before + 1, 'the goodbye');
        expect(botTexts(world, rep).slice(-1)).toEqual([en.closed_by_rep]);
        expect(sessionRecords(world, rep)).toHaveLength(0);
        expect(idleJobsOf(world, room.id)).toHaveLength(0);

        await world.engine.runSlashCommand(rep.repId, rep.dmId, 'shiftlink', ['end']);
        await world.engine.idle();
        expect(notificationsOf(rep.repId).slice(-1)).toEqual([en.end_none]);
        expect(botTexts(world, rep)).toHaveLength(before + 1);
    });
});

describe('scenario 6: room closed behind ShiftLink', () => {
    it('no message goes into the closed room, no stray room; a new session starts with the message', async () => {
        const { rep, room } = await repWithSession(world);
        // Closed without ShiftLink hearing of it (e.g. while the app was down): the store only, no event.
        world.model.livechat.closeRoom(room.id, 'closed elsewhere', { userId: world.agentIds[0] });
        const inClosedRoom = visitorMessages(world, room.id).length;

        await repWrites(world, rep, 'are you there?');
        const fresh = await waitFor(() => openRoomsOf(world, rep)[0], 'a new room');
        await waitFor(() => visitorMessages(world, fresh.id).length === 1, 'the message in the new room');

        expect(visitorMessages(world, fresh.id).map((m) => m.text)).toEqual(['are you there?']);
        expect(visitorMessages(world, room.id)).toHaveLength(inClosedRoom);
        expect(
            roomsOf(world, rep)
                .map((r) => r.id)
                .sort(),
        ).toEqual([room.id, fresh.id].sort());
        expect(sessionRecords(world, rep).map((s) => s.roomId)).toEqual([fresh.id]);
        expect(idleJobsOf(world, room.id)).toHaveLength(0);
        expect(idleJobsOf(world, fresh.id)).toHaveLength(1);
    });
});

describe('/shiftlink status and help', () => {
    it('answers only the caller with the session state, or that there is none', async () => {
        const { rep, room } = await repWithSession(world);
        await world.engine.runSlashCommand(rep.repId, rep.dmId, 'shiftlink', ['status']);
        await world.engine.idle();
        const [status] = shownOf(rep.repId).slice(-1);
        expect(status).not.toContain(room.id);
        expect(status).toContain('Agent 0');
        expect(status).toMatch(/Closes at: \d/);
        const [statusText] = notificationsOf(rep.repId).slice(-1);
        expect(
            world.model.notifications
                .all()
                .filter((n) => n.message.text === statusText)
                .every((n) => n.userId === rep.repId),
        ).toBe(true);

        await world.engine.runSlashCommand(rep.repId, rep.dmId, 'shiftlink', ['help']);
        await world.engine.idle();
        expect(notificationsOf(rep.repId).slice(-1)).toEqual([en.help_intro]);
        expect(shownOf(rep.repId).slice(-1)[0]).toContain('/shiftlink end: ');

        await world.engine.runSlashCommand(rep.repId, rep.dmId, 'shiftlink', ['dance']);
        await world.engine.idle();
        expect(notificationsOf(rep.repId).slice(-1)[0]).toContain('Unknown option "dance"');

        const stranger = world.model.users.add({ username: 'stranger-status' });
        await world.engine.runSlashCommand(stranger.id, rep.dmId, 'shiftlink', ['status']);
        await world.engine.idle();
        expect(notificationsOf(stranger.id).slice(-1)).toEqual([en.status_none]);
    });
});
