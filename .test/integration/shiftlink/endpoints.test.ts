import { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { waitFor } from '../../host';
import { RelaySource, SettingId } from '../../../src/config/settings';
import { botTexts, messagesIn, openRoomsOf, repWithSession, SECRET, startShiftLink, visitorMessages, World, newRep } from './world';

let world: World;
beforeAll(async () => {
    world = await startShiftLink();
});
afterAll(() => world?.engine.stop());

const call = (endpoint: 'incoming' | 'outgoing', content: unknown, headers: Record<string, string> = { 'x-shiftlink-secret': SECRET }) =>
    world.engine.callEndpoint(`/api/apps/public/${world.engine.appId}/${endpoint}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        content,
    });

/** What Rocket.Chat's Omnichannel webhook posts for an agent message. */
function omnichannelPayload(
    roomId: string,
    visitorId: string,
    agentId: string,
    text: string,
    id = `m-${Math.random().toString(36).slice(2)}`,
) {
    return {
        type: 'Message',
        _id: roomId,
        visitor: { _id: visitorId, token: 'x', name: 'Rep' },
        agent: { _id: agentId, username: 'agent0', name: 'Agent 0' },
        messages: [
            {
                _id: id,
                username: 'agent0',
                msg: text,
                ts: new Date().toISOString(),
                agentId,
                u: { _id: agentId, username: 'agent0', name: 'Agent 0' },
            },
        ],
    };
}

/** What an outgoing-webhook integration posts for a user's message. */
const outgoingPayload = (userId: string, roomId: string, text: string, token = SECRET) => ({
    token,
    bot: false,
    channel_id: roomId,
    message_id: `o-${Math.random().toString(36).slice(2)}`,
    timestamp: new Date().toISOString(),
    user_id: userId,
    user_name: 'rep',
    text,
});

/** A session opened the way a webhook-fed installation opens it: through the outgoing endpoint. */
async function sessionViaWebhook(text: string) {
    const rep = newRep(world);
    expect(await call('outgoing', outgoingPayload(rep.repId, rep.dmId, text))).toMatchObject({ status: 200 });
    const room = await waitFor(() => openRoomsOf(world, rep)[0], 'a session opened through the endpoint');
    await waitFor(() => visitorMessages(world, room.id).length === 1, 'the first message');
    return { rep, room };
}

describe('scenario 10: endpoints', () => {
    beforeAll(() => world.engine.setSetting(SettingId.RelaySource, RelaySource.Webhooks));
    afterAll(() => world.engine.setSetting(SettingId.RelaySource, RelaySource.Events));

    it('the old webhook payloads relay both ways; the Omnichannel webhook header authenticates', async () => {
        const rep = newRep(world);
        const opened = await call('outgoing', outgoingPayload(rep.repId, rep.dmId, 'via outgoing webhook'), {});
        expect(opened).toMatchObject({ status: 200, content: { relayed: 1 } });
        const room = await waitFor(() => openRoomsOf(world, rep)[0], 'a session opened by the outgoing endpoint');
        await waitFor(() => visitorMessages(world, room.id).length === 1, 'the message in the room');
        expect(visitorMessages(world, room.id)[0].text).toBe('via outgoing webhook');

        const answer = await call('incoming', omnichannelPayload(room.id, room.visitor.id!, world.agentIds[0], 'via omnichannel webhook'), {
            'x-rocketchat-livechat-token': SECRET,
        });
        expect(answer).toMatchObject({ status: 200, content: { relayed: 1 } });
        const relayed = await waitFor(
            () => messagesIn(world, rep.dmId).find((m) => m.text === 'via omnichannel webhook'),
            'the answer in the DM',
        );
        expect(relayed.alias).toBe('Agent 0 (shift manager)');
        expect(relayed.sender.id).toBe(world.botId);
    });

    it('with relay source = webhooks, app events relay nothing (each message comes once, from the webhook)', async () => {
        const { rep, room } = await sessionViaWebhook('hello');
        await world.engine.sendDirectMessage(rep.repId, rep.dmId, { text: 'typed in the DM' });
        await world.engine.sendLivechatMessage(world.agentIds[0], room.id, { text: 'typed in the room' });
        await world.engine.idle();
        expect(visitorMessages(world, room.id).map((m) => m.text)).toEqual(['hello']);
        expect(botTexts(world, rep)).not.toContain('typed in the room');
    });

    it('a retried webhook (same message id) is relayed once, in both directions', async () => {
        const { rep, room } = await sessionViaWebhook('first');
        const out = { ...outgoingPayload(rep.repId, rep.dmId, 'sent twice'), message_id: 'retry-1' };
        expect(await call('outgoing', out)).toMatchObject({ status: 200, content: { relayed: 1 } });
        expect(await call('outgoing', out)).toMatchObject({ status: 200, content: { relayed: 0 } });
        const answer = omnichannelPayload(room.id, room.visitor.id!, world.agentIds[0], 'answered twice', 'retry-2');
        expect(await call('incoming', answer)).toMatchObject({ status: 200, content: { relayed: 1 } });
        expect(await call('incoming', answer)).toMatchObject({ status: 200, content: { relayed: 0, ignored: 1 } });
        await world.engine.idle();
        expect(visitorMessages(world, room.id).filter((m) => m.text === 'sent twice')).toHaveLength(1);
        expect(botTexts(world, rep).filter((t) => t === 'answered twice')).toHaveLength(1);
    });

    it('outgoing accepts only a human rep writing in their DM with the bot', async () => {
        const rep = newRep(world);
        const channel = world.model.rooms.createRoom({ type: 'c', name: 'general-endpoint', userIds: [rep.repId] });
        const other = newRep(world);
        expect(await call('outgoing', outgoingPayload(rep.repId, channel.id, 'in a channel'))).toMatchObject({
            status: 400,
            content: { field: 'channel_id' },
        });
        expect(await call('outgoing', outgoingPayload(rep.repId, other.dmId, 'in someone else s DM'))).toMatchObject({
            status: 400,
            content: { field: 'channel_id' },
        });
        expect(await call('outgoing', outgoingPayload(world.botId, rep.dmId, 'the bot echoed'))).toMatchObject({
            status: 200,
            content: { relayed: 0 },
        });
        await world.engine.idle();
        expect(openRoomsOf(world, rep)).toHaveLength(0);
        expect(world.model.rooms.getMessages(channel.id)).toHaveLength(0);
    });

    it('refuses missing, wrong, or unconfigured secrets with 401 and changes nothing', async () => {
        const rep = newRep(world);
        const body = outgoingPayload(rep.repId, rep.dmId, 'no auth', 'wrong');
        expect(await call('outgoing', body, {})).toMatchObject({ status: 401, content: { error: expect.any(String) } });
        expect(await call('outgoing', body, { 'x-shiftlink-secret': 'wrong' })).toMatchObject({ status: 401 });
        expect(await call('incoming', { _id: 'x', messages: [] }, { 'x-shiftlink-secret': `${SECRET}x` })).toMatchObject({ status: 401 });
        await world.engine.setSetting(SettingId.SharedSecret, '');
        try {
            expect(await call('outgoing', outgoingPayload(rep.repId, rep.dmId, 'x', ''), { 'x-shiftlink-secret': '' })).toMatchObject({
                status: 401,
            });
            expect(await call('outgoing', outgoingPayload(rep.repId, rep.dmId, 'x'))).toMatchObject({ status: 401 });
        } finally {
            await world.engine.setSetting(SettingId.SharedSecret, SECRET);
        }
        expect(openRoomsOf(world, rep)).toHaveLength(0);
    });

    it("an Omnichannel room that is not ShiftLink's is acknowledged with 200 (RC retries anything else 10 times), nothing relayed", async () => {
        {
            const other = world.model.livechat.openRoom(
                world.model.livechat.registerVisitor({ token: `other-${Date.now()}`, username: `other-${Date.now()}` } as IVisitor).id!,
                {},
            );
            const before = world.model.rooms.getMessages(other.id).length;
            const answer = await call('incoming', omnichannelPayload(other.id, other.visitor.id!, world.agentIds[0], 'not ours'));
            expect(answer).toMatchObject({ status: 200, content: { relayed: 0, ignored: 'not a ShiftLink room' } });
            expect(world.model.rooms.getMessages(other.id)).toHaveLength(before);
        }
    });

    it("1,000 generated malformed payloads: 4xx with a JSON error each (200 for rooms not ShiftLink's), no crash, no state change", async () => {
        const { rep, room } = await sessionViaWebhook('before the fuzz');
        const snapshot = () =>
            JSON.stringify({
                messages: world.model.rooms.getMessages(room.id).length + world.model.rooms.getMessages(rep.dmId).length,
                records: world.model.persistence.all(world.engine.appId),
                jobs: world.model.scheduler.list(world.engine.appId).map((j) => j.id),
                rooms: openRoomsOf(world, rep).map((r) => r.id),
            });
        const before = snapshot();
        const cases = malformedCases(1000, {
            repId: rep.repId,
            dmId: rep.dmId,
            roomId: room.id,
            visitorId: room.visitor.id!,
            agentId: world.agentIds[0],
        });
        const statuses = new Map<number, number>();
        for (const { endpoint, body } of cases) {
            const response = await call(endpoint, body);
            statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
            const acknowledged =
                endpoint === 'incoming' &&
                response.status === 200 &&
                (response.content as { ignored?: unknown })?.ignored === 'not a ShiftLink room';
            if (
                !acknowledged &&
                (response.status < 400 || response.status >= 500 || typeof (response.content as { error?: unknown })?.error !== 'string')
            ) {
                throw new Error(
                    `${endpoint} ${JSON.stringify(body).slice(0, 300)} → ${response.status} ${JSON.stringify(response.content)}`,
                );
            }
        }
        await world.engine.idle();
        expect(snapshot()).toEqual(before);
        expect([...statuses.keys()].sort()).toEqual([200, 400, 404]);
        // Still healthy afterwards.
        expect(await call('outgoing', outgoingPayload(rep.repId, rep.dmId, 'still working'))).toMatchObject({ status: 200 });
    });
});

describe('scenario 10: a message delivered by event and endpoint is relayed once', () => {
    it('with relay source = events, the webhook copy is acknowledged and dropped', async () => {
        const { rep, room } = await repWithSession(world);
        const agentMessage = await world.engine.sendLivechatMessage(world.agentIds[0], room.id, { text: 'answer once' });
        await world.engine.idle();
        const copy = await call(
            'incoming',
            omnichannelPayload(room.id, room.visitor.id!, world.agentIds[0], 'answer once', agentMessage.id),
        );
        expect(copy).toMatchObject({ status: 200, content: { relayed: 0 } });
        await world.engine.idle();
        expect(botTexts(world, rep).filter((t) => t === 'answer once')).toHaveLength(1);

        const repMessage = await world.engine.sendDirectMessage(rep.repId, rep.dmId, { text: 'question once' });
        await world.engine.idle();
        const outCopy = await call('outgoing', { ...outgoingPayload(rep.repId, rep.dmId, 'question once'), message_id: repMessage.id });
        expect(outCopy).toMatchObject({ status: 200, content: { relayed: 0 } });
        await world.engine.idle();
        expect(visitorMessages(world, room.id).filter((m) => m.text === 'question once')).toHaveLength(1);
    });
});

interface Ids {
    repId: string;
    dmId: string;
    roomId: string;
    visitorId: string;
    agentId: string;
}

/** Deterministic (seeded) malformed requests: wrong types, missing fields, huge strings, unknown ids. */
function malformedCases(count: number, ids: Ids): Array<{ endpoint: 'incoming' | 'outgoing'; body: unknown }> {
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const wrongValues: unknown[] = [
        null,
        0,
        -1,
        3.14,
        true,
        false,
        [],
        [1, 2],
        {},
        { $ne: null },
        '',
        '   ',
        'x'.repeat(100_000),
        'a b',
        '\u0000',
        NaN,
    ];
    const unknownId = () => `unknown-${Math.floor(random() * 1e9)}`;

    const cases: Array<{ endpoint: 'incoming' | 'outgoing'; body: unknown }> = [];
    while (cases.length < count) {
        const endpoint = random() < 0.5 ? 'incoming' : 'outgoing';
        const valid: Record<string, unknown> =
            endpoint === 'incoming'
                ? omnichannelPayload(ids.roomId, ids.visitorId, ids.agentId, 'text')
                : (outgoingPayload(ids.repId, ids.dmId, 'text') as Record<string, unknown>);
        const required = endpoint === 'incoming' ? ['_id', 'messages'] : ['user_id', 'channel_id', 'message_id', 'text'];
        const kind = Math.floor(random() * 5);
        let body: unknown;
        if (kind === 0) {
            body = pick([null, 'text', 42, [], [valid], true]);
        } else if (kind === 1) {
            const { [pick(required)]: _removed, ...rest } = valid;
            body = rest;
        } else if (kind === 2) {
            const field = pick(required);
            const value = pick(wrongValues);
            body = { ...valid, [field]: value };
            if (field === 'text' && typeof value === 'string' && value.trim() !== '' && value.length <= 5000) {
                body = { ...valid, text: { nested: value } };
            }
        } else if (kind === 3 && endpoint === 'incoming') {
            const message = (valid.messages as Array<Record<string, unknown>>)[0];
            const field = pick(['_id', 'msg', 'attachments']);
            const value =
                field === 'msg'
                    ? pick([0, [], {}, 'x'.repeat(6000), ''])
                    : field === 'attachments'
                      ? pick(['x', [1], Array(30).fill({})])
                      : pick([0, '', 'a b', null]);
            body = { ...valid, messages: [{ ...message, [field]: value }] };
        } else {
            body = endpoint === 'incoming' ? { ...valid, _id: unknownId() } : { ...valid, [pick(['user_id', 'channel_id'])]: unknownId() };
        }
        // Keep the secret in the header only: the payload's own `token` is not what these cases test.
        if (body && typeof body === 'object' && !Array.isArray(body)) {
            delete (body as Record<string, unknown>).token;
        }
        cases.push({ endpoint, body });
    }
    return cases;
}
