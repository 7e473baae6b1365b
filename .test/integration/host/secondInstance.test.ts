import { engineAtLeast } from '../../host/engines/compat';
import type { Engine } from '../../host/Engine';
import type { ServerModel } from '../../host/model/ServerModel';
import { startSecondInstance, SecondInstance } from '../../host/remote/SecondInstance';
import { waitFor } from '../../host/waitFor';
import { probe, repWithDm, startEcho, unique } from './echoHarness';

describe('host: a second server instance in another process', () => {
    let model: ServerModel;
    let engine: Engine;
    let second: SecondInstance;

    beforeAll(async () => {
        ({ model, engine } = await startEcho());
        second = await startSecondInstance(model, engine);
    });

    afterAll(async () => {
        await second?.stop();
        await engine?.stop();
    });

    const secondProbe = async <T>(op: string, args: Record<string, unknown> = {}): Promise<T> => {
        const response = await second.callEndpoint('probe', { method: 'POST', content: { op, ...args } });
        return (response.content as { result: T }).result;
    };

    it('runs in another process over the same model', async () => {
        expect(second.pid).not.toBe(process.pid);
        // The status a loaded (not just installed) app reports: the stored one since 1.62, auto_enabled before.
        expect(await second.appStatus()).toBe(engineAtLeast('1.62.0') ? 'manually_enabled' : 'auto_enabled');
    });

    it("answers a DM through its own engine, writing into the parent's model", async () => {
        const { repId, botId, dmId } = await repWithDm(model, engine);
        model.counters.reset();
        await second.sendDirectMessage(repId, dmId, { text: 'via instance 2' });
        const reply = await waitFor(
            () => model.rooms.getMessages(dmId).find((m) => m.sender.id === botId),
            'the echo reply from instance 2',
        );
        expect(reply.text).toBe('echo: via instance 2');
        await second.idle();
        expect(model.counters.snapshot().byCall['MessageBridge.create']).toBe(1);
    });

    it('shares persistence and the virtual clock with the first instance', async () => {
        const key = unique('shared');
        await probe(engine, 'persistUpdate', { keys: [key], data: { from: 'instance 1' }, upsert: true });
        expect(await secondProbe('persistRead', { keys: [key] })).toEqual([{ from: 'instance 1' }]);
        await model.clock.advance(24 * 3_600_000);
        const now = await secondProbe<{ now: number }>('now');
        expect(Math.abs(now.now - model.clock.nowMs())).toBeLessThan(1000);
    });

    it('runs the jobs scheduled on it (each job once, on whichever instance locked it)', async () => {
        const id = await secondProbe<string>('schedule', { inMs: 60_000, data: { tag: 'from-2' } });
        expect(model.scheduler.list(engine.appId).map((j) => j.id)).toContain(id);
        await model.clock.advance(120_000);
        expect(model.scheduler.list(engine.appId)).toEqual([]);
        expect(model.logs.find(`"jobId":"${id}"`)).toHaveLength(1);
    });
});
