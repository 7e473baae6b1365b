import { ServerModel } from '../../host/model/ServerModel';
import type { Engine } from '../../host/Engine';
import { engineAtLeast } from '../../host/engines/compat';
import { httpSettings } from '../../host/httpLayer';
import { probe, startEcho, useEcho, unique } from './echoHarness';

type Echoed = { method: string; headers: Record<string, string>; query: Record<string, unknown>; content: unknown };

describe("host: RC's HTTP layer in front of app endpoints", () => {
    let engine: Engine;

    useEcho((started) => ({ engine } = started));

    const url = (query = 'echo=1') => `/api/apps/public/${engine.appId}/probe?${query}`;

    it('parses a JSON body and the query string (qs: nesting, prototype keys dropped)', async () => {
        const response = await engine.http('POST', url('echo=1&a[b]=2&__proto__[polluted]=1&constructor=x'), {
            body: { hello: 'world', n: [1, 2] },
        });
        expect(response.status).toBe(200);
        const echoed = response.content as Echoed;
        expect(echoed.content).toEqual({ hello: 'world', n: [1, 2] });
        expect(echoed.query).toEqual({ echo: '1', a: { b: '2' } });
        expect(echoed.headers['content-type']).toBe('application/json');
        expect(echoed.method).toBe('post');
    });

    it('parses urlencoded bodies like qs (a __proto__ field is dropped)', async () => {
        const response = await engine.http('POST', url(), {
            body: 'op=x&user[name]=rep&__proto__[admin]=1',
            contentType: 'application/x-www-form-urlencoded',
        });
        expect((response.content as Echoed).content).toEqual({ op: 'x', user: { name: 'rep' } });
    });

    it('hands other content types to the app as {}', async () => {
        const response = await engine.http('POST', url(), { body: '{"op":"request"}', contentType: 'text/plain' });
        expect(response.status).toBe(200);
        expect((response.content as Echoed).content).toEqual({});
    });

    it('answers 400 for malformed or non-object JSON before the app runs', async () => {
        const key = unique('never');
        for (const body of ['{"op":"persistCreate","keys":["' + key + '"]', '"persistCreate"', '42']) {
            const response = await engine.http('POST', url(''), { body, contentType: 'application/json' });
            expect(response).toEqual({ status: 400, headers: {}, content: 'Bad Request' });
        }
        expect(await probe(engine, 'persistRead', { keys: [key] })).toEqual([]);
    });

    it('answers 413 for a body over the limit (100 kb by default), before the app runs', async () => {
        const filler = 'x'.repeat(httpSettings.bodyLimitBytes);
        const tooBig = await engine.http('POST', url(), { body: { op: 'request', filler } });
        expect(tooBig.status).toBe(413);
        const fits = await engine.http('POST', url(), { body: { op: 'request', filler: filler.slice(0, -100) } });
        expect(fits.status).toBe(200);
    });

    it('answers 404 for a path the app did not register or another app id', async () => {
        expect((await engine.http('POST', `/api/apps/public/${engine.appId}/nope`, { body: {} })).status).toBe(404);
        expect((await engine.http('POST', `/api/apps/public/other-app/probe`, { body: {} })).status).toBe(404);
    });
});

/**
 * The engine fault RC ships with: JSON.parse keeps an own "__proto__" key, body-parser passes it on, and the
 * 1.62 Deno runtime stops answering until its watchdog restarts it (4 missed pings, 10 s apart). The real
 * runtime is used, so this test takes about a minute; APPS_ENGINE_RUNTIME_TIMEOUT (the engine's per-call
 * timeout) is shortened so the calls made meanwhile fail sooner. The stall itself is the engine's.
 */
describe('host: a JSON body with an own __proto__ key stalls the app runtime (engine fault)', () => {
    const STALL_TEST_MS = 150_000;
    let engine: Engine | undefined;
    const previousTimeout = process.env.APPS_ENGINE_RUNTIME_TIMEOUT;

    afterAll(async () => {
        await engine?.stop();
        process.env.APPS_ENGINE_RUNTIME_TIMEOUT = previousTimeout;
    });

    it(
        'times out that call and every call meanwhile, until the engine restarts the runtime',
        async () => {
            process.env.APPS_ENGINE_RUNTIME_TIMEOUT = '5000';
            ({ engine } = await startEcho(new ServerModel()));
            const e = engine;
            const url = `/api/apps/public/${e.appId}/probe?echo=1`;
            expect((await e.http('POST', url, { body: { op: 'request' } })).status).toBe(200);

            const started = Date.now();
            const poisoned = await e.http('POST', url, { body: '{"__proto__":{"x":1},"op":"request"}', contentType: 'application/json' });
            expect(poisoned.status).toBe(500);
            expect(String(poisoned.content)).toMatch(/timed out/);
            if (!engineAtLeast('1.62.0')) {
                // Up to 1.57 (RC 6.x, 7.x; same codec and stdin loop, an older ping-based watchdog) the call right
                // after was seen both answered and timed out, and the runtime was seen not answering again within
                // 130 s: only the poisoned call's loss holds there (.test/host/README.md, Engines).
                return;
            }
            // A harmless call right after also times out: the runtime is wedged, not just that request.
            const meanwhile = await e.http('POST', url, { body: { op: 'request' } });
            expect(meanwhile.status).toBe(500);

            let recovered = false;
            while (!recovered && Date.now() - started < STALL_TEST_MS - 20_000) {
                recovered = (await e.http('POST', url, { body: { op: 'request' } })).status === 200;
            }
            const stalledMs = Date.now() - started;
            process.stdout.write(`__proto__ stall: runtime answered again after ${Math.round(stalledMs / 1000)} s\n`);
            expect(recovered).toBe(true);
            expect(stalledMs).toBeGreaterThan(10_000);
        },
        STALL_TEST_MS,
    );
});
