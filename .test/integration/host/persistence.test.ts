import type { Engine } from '../../host/Engine';
import { ServerModel } from '../../host/model/ServerModel';
import { probe, useEcho, unique } from './echoHarness';

describe('host: app persistence (RC association semantics)', () => {
    let model: ServerModel;
    let engine: Engine;

    useEcho((started) => ({ model, engine } = started));

    /**
     * Two endpoint calls reach the model a few ms apart on a loaded machine: a wide round trip makes their
     * overlap certain (on a server the window is one Mongo round trip).
     */
    const withWideRoundTrip = async <T>(run: () => Promise<T>): Promise<T> => {
        const previous = model.persistence.timing.roundTripMs;
        model.persistence.timing.roundTripMs = 300;
        try {
            return await run();
        } finally {
            model.persistence.timing.roundTripMs = previous;
        }
    };

    it('reads records holding ALL given associations, in any order', async () => {
        const [a, b, c] = [unique('a'), unique('b'), unique('c')];
        await probe(engine, 'persistCreate', { keys: [a, b], data: { n: 1 } });
        await probe(engine, 'persistCreate', { keys: [a, c], data: { n: 2 } });
        expect(await probe(engine, 'persistRead', { keys: [b, a] })).toEqual([{ n: 1 }]);
        expect(await probe(engine, 'persistRead', { keys: [a] })).toEqual([{ n: 1 }, { n: 2 }]);
        expect(await probe(engine, 'persistRead', { keys: [a, b, c] })).toEqual([]);
    });

    it('updates by the exact association array (order included), replacing data; upserts on request', async () => {
        const [a, b] = [unique('a'), unique('b')];
        await probe(engine, 'persistUpdate', { keys: [a, b], data: { v: 1, extra: true }, upsert: true });
        await probe(engine, 'persistUpdate', { keys: [a, b], data: { v: 2 }, upsert: true });
        expect(await probe(engine, 'persistRead', { keys: [a, b] })).toEqual([{ v: 2 }]);
        // Another order is another array for Mongo: a second record.
        await probe(engine, 'persistUpdate', { keys: [b, a], data: { v: 3 }, upsert: true });
        expect(await probe(engine, 'persistRead', { keys: [a, b] })).toHaveLength(2);
        // No match and no upsert: nothing written.
        await probe(engine, 'persistUpdate', { keys: [unique('none')], data: { v: 4 }, upsert: false });
        expect(model.persistence.all(engine.appId).filter((r) => (r.data as { v?: number }).v === 4)).toEqual([]);
    });

    it('removes by associations and returns what it removed', async () => {
        const [a, b] = [unique('a'), unique('b')];
        await probe(engine, 'persistCreate', { keys: [a, b], data: { x: 1 } });
        await probe(engine, 'persistCreate', { keys: [a], data: { x: 2 } });
        expect(await probe(engine, 'persistRemove', { keys: [a, b] })).toEqual([{ x: 1 }]);
        expect(await probe(engine, 'persistRead', { keys: [a] })).toEqual([{ x: 2 }]);
        expect(await probe(engine, 'persistRemove', { keys: [b] })).toBeNull();
    });

    it('lets two concurrent removers BOTH get the record back (find, then deleteMany, no transaction)', async () => {
        await withWideRoundTrip(async () => {
            for (let trial = 0; trial < 3; trial++) {
                const a = unique('a');
                await probe(engine, 'persistCreate', { keys: [a], data: { owner: trial } });
                const [first, second] = await Promise.all([
                    probe(engine, 'persistRemove', { keys: [a] }),
                    probe(engine, 'persistRemove', { keys: [a] }),
                ]);
                expect(first).toEqual([{ owner: trial }]);
                expect(second).toEqual([{ owner: trial }]);
                expect(await probe(engine, 'persistRead', { keys: [a] })).toEqual([]);
            }
        });
    });

    it('lets concurrent upserts that both miss insert two records (no unique index); an update returns ""', async () => {
        const a = unique('a');
        const ids = await withWideRoundTrip(() =>
            Promise.all([
                probe<string>(engine, 'persistUpdate', { keys: [a], data: { v: 1 }, upsert: true }),
                probe<string>(engine, 'persistUpdate', { keys: [a], data: { v: 2 }, upsert: true }),
            ]),
        );
        expect(ids.every((id) => id.length > 0)).toBe(true);
        expect(await probe(engine, 'persistRead', { keys: [a] })).toHaveLength(2);
        // Matching records exist now: updateOne changes the first one and RC returns no id.
        expect(await probe(engine, 'persistUpdate', { keys: [a], data: { v: 3 }, upsert: true })).toBe('');
        expect(await probe(engine, 'persistRead', { keys: [a] })).toEqual([{ v: 3 }, { v: 2 }]);
    });

    it("deletes, with deleteMany, a record created between a remover's find and its delete (model)", async () => {
        const store = new ServerModel().persistence;
        const assoc = [{ model: 'misc', id: 'k' }];
        store.create('app', { n: 1 }, assoc);
        const removing = store.removeByAssociations('app', assoc);
        store.create('app', { n: 2 }, assoc);
        expect(await removing).toEqual([{ n: 1 }]);
        expect(store.readByAssociations('app', assoc)).toEqual([]);
        expect(() => store.update('app', 'x', {}, true)).toThrow('Not implemented.');
    });

    it('counts reads and writes separately', async () => {
        const a = unique('a');
        await engine.idle();
        model.counters.reset();
        await probe(engine, 'persistUpdate', { keys: [a], data: {}, upsert: true });
        await probe(engine, 'persistRead', { keys: [a] });
        await probe(engine, 'persistRead', { keys: [a] });
        expect(model.counters.snapshot().byCategory).toMatchObject({ persistenceWrite: 1, persistenceRead: 2 });
    });

    it('keeps apps apart (model)', () => {
        const store = new ServerModel().persistence;
        const assoc = [{ model: 'misc', id: 'k' }];
        store.create('app-1', { owner: 1 }, assoc);
        store.create('app-2', { owner: 2 }, assoc);
        expect(store.readByAssociations('app-1', assoc)).toEqual([{ owner: 1 }]);
        store.purge('app-1');
        expect(store.readByAssociations('app-2', assoc)).toEqual([{ owner: 2 }]);
    });
});
