import type { Engine } from '../../host/Engine';
import type { ServerModel } from '../../host/model/ServerModel';
import { probe, useEcho, waitForAppEvent } from './echoHarness';

describe('host: endpoints and settings', () => {
    let model: ServerModel;
    let engine: Engine;

    useEcho((started) => ({ model, engine } = started));

    it('passes the request as RC does: lowercased method and headers, query, params, parsed content', async () => {
        const response = await engine.callEndpoint(`/api/apps/public/${engine.appId}/probe`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json', 'X-ShiftLink-Secret': 's3cret' },
            query: { verbose: '1' },
            content: { op: 'request', nested: { n: 1 } },
        });
        expect(response.status).toBe(200);
        expect(response.content).toEqual({
            method: 'post',
            headers: { 'content-type': 'application/json', 'x-shiftlink-secret': 's3cret' },
            query: { verbose: '1' },
            params: {},
            privateHash: null,
            content: { op: 'request', nested: { n: 1 } },
        });
    });

    it('answers 404 for an unknown endpoint, 500 for a method the endpoint lacks', async () => {
        expect((await engine.callEndpoint('nope', { method: 'POST' })).status).toBe(404);
        expect(await engine.callEndpoint('probe', { method: 'GET' })).toMatchObject({ status: 500, content: "probe's get not exists" });
    });

    it('updates a setting through the engine: stored, then onSettingUpdated', async () => {
        await engine.setSetting('greeting', 'bonjour');
        await waitForAppEvent<{ id: string; value: string }>(
            model,
            'onSettingUpdated',
            (e) => e.id === 'greeting' && e.value === 'bonjour',
            'onSettingUpdated',
        );
        expect(await probe(engine, 'setting', { id: 'greeting' })).toBe('bonjour');
        expect(model.apps.retrieveOne(engine.appId)!.settings.greeting.value).toBe('bonjour');
    });

    it('keeps the app logs queryable, as an admin reads them', async () => {
        await expect(probe(engine, 'no-such-op')).rejects.toThrow('unknown probe op no-such-op');
        expect(model.logs.find('api:probe:post', engine.appId).length).toBeGreaterThan(0);
        expect(model.logs.lines(engine.appId).some((l) => l.method === 'api:probe:post')).toBe(true);
    });
});
