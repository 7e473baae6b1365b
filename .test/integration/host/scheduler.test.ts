import { Engine } from '../../host/Engine';
import { ServerModel } from '../../host/model/ServerModel';
import { fixtureDir, packageApp } from '../../host/packageApp';
import { waitFor } from '../../host/waitFor';
import { appEvents, probe, reportedEvents, startEcho, useEcho, unique, waitForAppEvent } from './echoHarness';

type JobEvent = { jobId: string; tag: string; now: number; processor: string };

const MINUTE = 60_000;

describe('host: scheduler and virtual time', () => {
    let model: ServerModel;
    let engine: Engine;

    useEcho((started) => ({ model, engine } = started));

    const schedule = (tag: string, inMs: number, extra: Record<string, unknown> = {}, processor?: string) =>
        probe<string>(engine, 'schedule', { inMs, processor, data: { tag, ...extra } });
    const ranTags = () => appEvents<JobEvent>(model, 'job').map((e) => e.tag);
    /** When each tagged job started and ended, by the app's clock (from the app's memory: log lines of overlapping jobs are lost before 1.62). */
    const spans = async (tags: string[]) => {
        const [starts, ends] = [await reportedEvents<JobEvent>(engine, 'job'), await reportedEvents<JobEvent>(engine, 'job-end')];
        return tags.map((tag) => ({
            start: starts.find((e) => e.tag === tag)?.now ?? NaN,
            end: ends.find((e) => e.tag === tag)?.now ?? NaN,
        }));
    };

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
        expect(
            model.scheduler
                .list(engine.appId)
                .filter((j) => (j.data as { tag: string }).tag === tag)
                .map((j) => j.id),
        ).toEqual([first, second]);
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

    it('never throws from scheduleOnce: a failing save is logged by the server and the app gets undefined', async () => {
        const tag = unique('unscheduled');
        model.scheduler.failScheduling(1);
        const errorsBefore = model.scheduler.serverErrors().length;
        expect((await schedule(tag, MINUTE)) ?? undefined).toBeUndefined(); // undefined in the app, null in JSON
        expect(model.scheduler.serverErrors().length).toBe(errorsBefore + 1);
        expect(model.scheduler.list(engine.appId).filter((j) => (j.data as { tag: string }).tag === tag)).toEqual([]);
        // Only the next call was to fail.
        expect(typeof (await schedule(tag, MINUTE))).toBe('string');
        await probe(engine, 'cancelAllJobs');
    });

    it('runs due jobs of different processors at once, but one job per processor at a time on an instance (RC: defaultConcurrency 1)', async () => {
        const [a1, a2, b] = [unique('a1'), unique('a2'), unique('b')];
        await schedule(a1, MINUTE, { sleepMs: 300 });
        await schedule(a2, MINUTE, { sleepMs: 300 });
        await schedule(b, MINUTE, { sleepMs: 300 }, 'echo-job-2');
        await model.clock.advance(2 * MINUTE);
        const [first, second, other] = await waitFor(async () => {
            const all = await spans([a1, a2, b]);
            return all.every((s) => s.end > 0) ? all : undefined;
        }, 'all three jobs ended');
        const [early, late] = first.start < second.start ? [first, second] : [second, first];
        // The other processor's job started while an echo-job was still running...
        expect(other.start).toBeLessThan(early.end);
        // ...while the two echo-jobs ran one after the other.
        expect(late.start).toBeGreaterThanOrEqual(early.end);
    });

    it('keeps a job that throws, failed, and never runs it again', async () => {
        const tag = unique('thrower');
        const id = await schedule(tag, MINUTE, { fail: true });
        await model.clock.advance(2 * MINUTE);
        await model.clock.advance(10 * MINUTE);
        expect(ranTags().filter((t) => t === tag)).toHaveLength(1);
        expect(model.scheduler.failed(engine.appId).map((j) => j.id)).toContain(id);
        expect(model.scheduler.list(engine.appId).map((j) => j.id)).not.toContain(id);
    });

    it('leaves a job whose processor no instance defines pending', async () => {
        const id = await probe<string>(engine, 'schedule', { inMs: MINUTE, processor: 'nobody-job', data: {} });
        await model.clock.advance(5 * MINUTE);
        expect(model.scheduler.list(engine.appId).map((j) => j.id)).toContain(id);
        await probe(engine, 'cancelJob', { id });
    });
});

describe('host: scheduler polls in real time and runs late jobs once an instance defines them', () => {
    it('runs a job that came due while no instance was up at the next poll, late', async () => {
        const model = new ServerModel();
        model.scheduler.timing.pollMs = 250;
        let { engine } = await startEcho(model);
        try {
            const tag = unique('late');
            await probe(engine, 'schedule', { inMs: MINUTE, data: { tag } });
            await engine.stop();
            await model.clock.advance(10 * MINUTE); // nobody runs it
            expect(model.scheduler.list(engine.appId)).toHaveLength(1);
            const due = model.scheduler.list(engine.appId)[0].when.getTime();
            engine = await Engine.start(model, { zipPath: await packageApp(fixtureDir('echo-app')) });
            // No advance: the real-time poll picks it up.
            const run = await waitForAppEvent<JobEvent>(model, 'job', (e) => e.tag === tag, 'the overdue job at a poll');
            expect(run.now - due).toBeGreaterThan(9 * MINUTE - 1000);
            expect(model.scheduler.list(engine.appId)).toEqual([]);
        } finally {
            await engine.stop();
        }
    });
});
