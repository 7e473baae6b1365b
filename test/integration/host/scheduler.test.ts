import type { Engine } from '../../host/Engine';
import type { ServerModel } from '../../host/model/ServerModel';
import { appEvents, probe, useEcho, unique, waitForAppEvent } from './echoHarness';

type JobEvent = { jobId: string; tag: string; now: number };

const MINUTE = 60_000;

describe('host: scheduler and virtual time', () => {
    let model: ServerModel;
    let engine: Engine;

    useEcho((started) => ({ model, engine } = started));

    const schedule = (tag: string, inMs: number) => probe<string>(engine, 'schedule', { inMs, data: { tag } });
    const ranTags = () => appEvents<JobEvent>(model, 'job').map((e) => e.tag);

    it("shifts the app's Date by the virtual clock", async () => {
        const before = await probe<{ now: number; iso: string }>(engine, 'now');
        expect(Math.abs(before.now - model.clock.nowMs())).toBeLessThan(1000);
        await model.clock.advance(3 * 60 * MINUTE);
        const after = await probe<{ now: number; iso: string }>(engine, 'now');
        expect(after.now - before.now).toBeGreaterThanOrEqual(3 * 60 * MINUTE);
        expect(Math.abs(after.now - model.clock.nowMs())).toBeLessThan(1000);
        expect(new Date(after.iso).getTime()).toBeCloseTo(after.now, -3);
    });

    it('creates a new job (and id) per scheduleOnce call', async () => {
        const tag = unique('job');
        const [first, second] = [await schedule(tag, MINUTE), await schedule(tag, MINUTE)];
        expect(first).not.toBe(second);
        expect(model.scheduler.list(engine.appId).filter((j) => (j.data as { tag: string }).tag === tag).map((j) => j.id)).toEqual([first, second]);
        await probe(engine, 'cancelAllJobs');
    });

    it('runs due jobs only when the clock advances, in when order, at their own time, with data and jobId', async () => {
        const [late, early] = [unique('late'), unique('early')];
        const lateId = await schedule(late, 10 * MINUTE);
        await schedule(early, 5 * MINUTE);
        await model.clock.advance(4 * MINUTE);
        expect(ranTags()).not.toContain(early);
        const start = model.clock.nowMs();
        await model.clock.advance(20 * MINUTE);
        const runs = appEvents<JobEvent>(model, 'job').filter((e) => e.tag === early || e.tag === late);
        expect(runs.map((e) => e.tag)).toEqual([early, late]);
        expect(runs[1].jobId).toBe(lateId);
        // The app saw the time each job was due, not the end of the jump.
        expect(runs[0].now - start).toBeGreaterThan(MINUTE - 1000);
        expect(runs[0].now - start).toBeLessThan(2 * MINUTE);
        expect(model.scheduler.list(engine.appId)).toEqual([]);
    });

    it('cancels one job by its id, and every job of a processor by the processor id', async () => {
        const [a, b, c] = [unique('a'), unique('b'), unique('c')];
        const aId = await schedule(a, MINUTE);
        await schedule(b, MINUTE);
        await probe(engine, 'cancelJob', { id: aId });
        expect(model.scheduler.list(engine.appId).map((j) => (j.data as { tag: string }).tag)).toEqual([b]);
        await schedule(c, MINUTE);
        await probe(engine, 'cancelJob', { id: 'echo-job' });
        expect(model.scheduler.list(engine.appId)).toEqual([]);
    });

    it('keeps jobs across a restart and runs them on the new runtime', async () => {
        const tag = unique('survivor');
        await schedule(tag, 5 * MINUTE);
        await engine.restart();
        expect(model.scheduler.list(engine.appId)).toHaveLength(1);
        await model.clock.advance(6 * MINUTE);
        await waitForAppEvent<JobEvent>(model, 'job', (e) => e.tag === tag, 'the job after the restart');
    });

    it('consumes a job that comes due while the app is disabled: it never runs', async () => {
        const tag = unique('dropped');
        await schedule(tag, 5 * MINUTE);
        await engine.disableApp();
        try {
            await model.clock.advance(6 * MINUTE);
            expect(model.scheduler.list(engine.appId)).toEqual([]);
        } finally {
            await engine.enableApp();
        }
        await model.clock.advance(60 * MINUTE);
        await engine.idle();
        expect(ranTags()).not.toContain(tag);
    });
});
