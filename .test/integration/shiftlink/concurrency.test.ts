import { startSecondInstance, SecondInstance, waitFor } from '../../host';
import { idleJobsOf, newRep, repWrites, openRoomsOf, roomsOf, sessionRecords, startShiftLink, visitorMessages, World } from './world';

let world: World;
let second: SecondInstance;
beforeAll(async () => {
    world = await startShiftLink();
    second = await startSecondInstance(world.model, world.engine);
});
afterAll(async () => {
    await second?.stop();
    await world?.engine.stop();
});

describe('scenario 8: two first messages of one rep, handled by two instances at once', () => {
    it.each([
        ['a rep who never wrote before', false],
        ['a rep with an earlier, closed session (token already issued)', true],
    ])('%s: one open room at the end, both messages delivered in it', async (_case, hadSession) => {
        const rep = newRep(world);
        if (hadSession) {
            await repWrites(world, rep, 'earlier');
            const earlier = await waitFor(() => openRoomsOf(world, rep)[0], 'the earlier room');
            await world.engine.closeLivechatRoom(earlier.id, world.agentIds[0], 'done');
            await world.engine.idle();
        }

        await Promise.all([
            world.engine.sendDirectMessage(rep.repId, rep.dmId, { text: 'from instance 1' }),
            second.sendDirectMessage(rep.repId, rep.dmId, { text: 'from instance 2' }),
        ]);
        await Promise.all([world.engine.idle(), second.idle()]);

        await waitFor(() => openRoomsOf(world, rep).length === 1, 'exactly one open room');
        // Each message exactly once in the room the manager works in (a retired duplicate keeps its history).
        const [open] = openRoomsOf(world, rep);
        expect(
            visitorMessages(world, open.id)
                .map((m) => m.text)
                .sort(),
        ).toEqual(['from instance 1', 'from instance 2']);
        expect(sessionRecords(world, rep).map((s) => s.roomId)).toEqual([open.id]);
        expect(idleJobsOf(world, open.id)).toHaveLength(1);
        for (const closed of roomsOf(world, rep).filter((r) => !r.isOpen && r.id !== open.id)) {
            expect(idleJobsOf(world, closed.id)).toHaveLength(0);
        }
    });

    it('ten reps at once, each with two first messages on the two instances: one open room each, no message lost', async () => {
        const reps = Array.from({ length: 10 }, () => newRep(world));
        await Promise.all(
            reps.flatMap((rep) => [
                world.engine.sendDirectMessage(rep.repId, rep.dmId, { text: `${rep.username} on 1` }),
                second.sendDirectMessage(rep.repId, rep.dmId, { text: `${rep.username} on 2` }),
            ]),
        );
        await Promise.all([world.engine.idle(), second.idle()]);
        for (const rep of reps) {
            await waitFor(() => openRoomsOf(world, rep).length === 1, `one open room for ${rep.username}`);
            const [open] = openRoomsOf(world, rep);
            expect(
                visitorMessages(world, open.id)
                    .map((m) => m.text)
                    .sort(),
            ).toEqual([`${rep.username} on 1`, `${rep.username} on 2`]);
            expect(idleJobsOf(world, open.id)).toHaveLength(1);
        }
    });

    it('the relay works from either instance once the session is open', async () => {
        const rep = newRep(world);
        await world.engine.sendDirectMessage(rep.repId, rep.dmId, { text: 'a' });
        await world.engine.idle();
        const room = await waitFor(() => openRoomsOf(world, rep)[0], 'room');
        await second.sendDirectMessage(rep.repId, rep.dmId, { text: 'b' });
        await second.idle();
        await world.engine.sendDirectMessage(rep.repId, rep.dmId, { text: 'c' });
        await world.engine.idle();
        await waitFor(() => visitorMessages(world, room.id).length === 3, 'three messages');
        expect(visitorMessages(world, room.id).map((m) => m.text)).toEqual(['a', 'b', 'c']);
    });
});
