// The benchmark's view into the app's Deno process (Engine.start({ benchRuntime: true }), runtime/benchHook.ts):
// the app's own requests to the host with their timing, and its heap after a forced GC. Only a runtime
// launched in bench mode answers; any other refuses, as a server's runtime would.
import { AppRuntime, sequentialCalls } from '../../bench/appRuntime';
import { Engine } from '../../host/Engine';
import { selectedEngine } from '../../host/engines/engines';
import { ServerModel } from '../../host/model/ServerModel';
import { fixtureDir, packageApp } from '../../host/packageApp';
import { waitFor } from '../../host/waitFor';

async function echoTwice(benchRuntime: boolean): Promise<{ runtime: AppRuntime; engine: Engine; send: (text: string) => Promise<void> }> {
    const model = new ServerModel();
    const engine = await Engine.start(model, { zipPath: await packageApp(fixtureDir('floor-echo-app')), benchRuntime });
    const bot = await engine.appUser();
    const user = model.users.add({ username: 'bench-user' });
    const dm = model.rooms.insertRoom({ type: 'd', userIds: [user.id, bot.id].sort(), creatorId: user.id });
    const send = async (text: string) => {
        await engine.sendDirectMessage(user.id, dm.id, { text });
        await waitFor(() => model.rooms.getMessages(dm.id).some((m) => m.text === `echo: ${text}`), 'the echo');
        await engine.idle();
    };
    return { runtime: new AppRuntime(engine), engine, send };
}

// The hook is written against 1.62's runtime sources and the benchmark runs in the default engine only.
(selectedEngine().isDefault ? describe : describe.skip)('bench runtime', () => {
    it('logs the app’s requests with their timing and reports its heap after GC', async () => {
        const { runtime, engine, send } = await echoTwice(true);
        try {
            await runtime.record();
            await send('first');
            const first = await runtime.spans();
            await send('second');
            const second = await runtime.spans();
            // The floor echo fetches its bot user once, then keeps it: one post per message after the first.
            expect(first.map(([method]) => method)).toEqual([
                'accessor:getReader:getUserReader:getAppUser',
                'bridges:getMessageBridge:doCreate',
            ]);
            expect(sequentialCalls(first)).toBe(2);
            expect(second.map(([method]) => method)).toEqual(['bridges:getMessageBridge:doCreate']);
            expect(second.every(([, start, end]) => end >= start)).toBe(true);
            const heap = await runtime.heap();
            expect(heap.heap_used_mb).toBeGreaterThan(1);
            expect(heap.rss_mb).toBeGreaterThan(heap.heap_used_mb);
        } finally {
            await engine.stop();
        }
    });

    it('is refused by a runtime not launched for the benchmark', async () => {
        const { runtime, engine, send } = await echoTwice(false);
        try {
            await send('hello');
            await expect(runtime.heap()).rejects.toMatchObject({ message: expect.stringMatching(/not found/i) });
        } finally {
            await engine.stop();
        }
    });
});

describe('sequentialCalls', () => {
    it('counts requests sent together once and a request waiting for another as one more', () => {
        expect(sequentialCalls([])).toBe(0);
        expect(
            sequentialCalls([
                ['a', 0, 2],
                ['b', 0.1, 2.5],
                ['c', 2.6, 3],
            ]),
        ).toBe(2);
        expect(
            sequentialCalls([
                ['a', 0, 1],
                ['b', 1.2, 2],
                ['c', 2.1, 3],
            ]),
        ).toBe(3);
        expect(
            sequentialCalls([
                ['a', 0, 5],
                ['b', 0.5, 1],
                ['c', 1.5, 2],
            ]),
        ).toBe(2);
    });
});
