import type { Engine } from '../../host/Engine';
import { ServerModel } from '../../host/model/ServerModel';
import { probe, useEcho, unique } from './echoHarness';

describe('host: app persistence (RC association semantics)', () => {
    let model: ServerModel;
    let engine: Engine;

    useEcho((started) => ({ model, engine } = started));

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
