import { MAX_TEXT_LENGTH, parseOmnichannelWebhook, parseOutgoingWebhook } from '../../../src/endpoints/payloads';
import { AppError } from '../../../src/lib/errors';

// Shapes as Rocket.Chat sends them: Omnichannel webhook "Message" event, and an outgoing-webhook integration.
const omnichannel = () => ({
    type: 'Message',
    _id: 'room1',
    visitor: { _id: 'vis1', token: 'tok', name: 'Rep' },
    agent: { _id: 'agent1', username: 'ana', name: 'Ana Agent' },
    messages: [
        {
            _id: 'm1',
            username: 'shiftlink-rep',
            msg: 'from rep',
            ts: '2026-01-01T00:00:00Z',
            u: { _id: 'vis1', username: 'shiftlink-rep' },
        },
        {
            _id: 'm2',
            username: 'ana',
            msg: 'from agent',
            ts: '2026-01-01T00:00:01Z',
            agentId: 'agent1',
            u: { _id: 'agent1', username: 'ana', name: 'Ana Agent' },
        },
    ],
});

const outgoing = () => ({
    token: 'secret',
    bot: false,
    channel_id: 'dm1',
    channel_name: null,
    message_id: 'msg1',
    timestamp: '2026-01-01T00:00:00Z',
    user_id: 'rep1',
    user_name: 'rep',
    text: 'hello',
    siteUrl: 'http://localhost:3000',
});

function fieldOf(run: () => unknown): string | undefined {
    try {
        run();
    } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect((error as AppError).status).toBe(400);
        return (error as AppError).field;
    }
    throw new Error('expected a 400 AppError');
}

describe('parseOmnichannelWebhook', () => {
    it('keeps the agent messages and drops the visitor (rep) ones', () => {
        expect(parseOmnichannelWebhook(omnichannel())).toEqual({
            type: 'Message',
            roomId: 'room1',
            messages: [{ id: 'm2', agentName: 'Ana Agent', content: { text: 'from agent', attachments: undefined } }],
        });
    });

    it('acknowledges other event types without messages', () => {
        expect(parseOmnichannelWebhook({ type: 'LivechatSession', _id: 'room1' })).toEqual({
            type: 'LivechatSession',
            roomId: 'room1',
            messages: [],
        });
    });

    it('names the offending field', () => {
        expect(fieldOf(() => parseOmnichannelWebhook(null))).toBe('body');
        expect(fieldOf(() => parseOmnichannelWebhook([]))).toBe('body');
        expect(fieldOf(() => parseOmnichannelWebhook({ ...omnichannel(), _id: 5 }))).toBe('_id');
        expect(fieldOf(() => parseOmnichannelWebhook({ ...omnichannel(), type: 3 }))).toBe('type');
        expect(fieldOf(() => parseOmnichannelWebhook({ ...omnichannel(), messages: 'x' }))).toBe('messages');
        expect(fieldOf(() => parseOmnichannelWebhook({ ...omnichannel(), messages: [] }))).toBe('messages');
        const badText = omnichannel();
        (badText.messages[1] as Record<string, unknown>).msg = { not: 'text' };
        expect(fieldOf(() => parseOmnichannelWebhook(badText))).toBe('messages[1].msg');
        const huge = omnichannel();
        huge.messages[1].msg = 'x'.repeat(MAX_TEXT_LENGTH + 1);
        expect(fieldOf(() => parseOmnichannelWebhook(huge))).toBe('messages[1].msg');
        const noId = omnichannel();
        delete (noId.messages[1] as Record<string, unknown>)._id;
        expect(fieldOf(() => parseOmnichannelWebhook(noId))).toBe('messages[1]._id');
    });
});

describe('parseOutgoingWebhook', () => {
    it('reads the integration payload', () => {
        expect(parseOutgoingWebhook(outgoing())).toEqual({
            messageId: 'msg1',
            userId: 'rep1',
            roomId: 'dm1',
            fromBot: false,
            content: { text: 'hello', attachments: undefined },
        });
    });

    it('accepts attachments without text, flags bot messages', () => {
        const parsed = parseOutgoingWebhook({ ...outgoing(), text: '', bot: { i: 'x' }, attachments: [{ title: { value: 'file.pdf' } }] });
        expect(parsed.fromBot).toBe(true);
        expect(parsed.content.attachments).toHaveLength(1);
    });

    it('names the offending field', () => {
        expect(fieldOf(() => parseOutgoingWebhook('text'))).toBe('body');
        expect(fieldOf(() => parseOutgoingWebhook({ ...outgoing(), user_id: '' }))).toBe('user_id');
        expect(fieldOf(() => parseOutgoingWebhook({ ...outgoing(), user_id: 'a b' }))).toBe('user_id');
        expect(fieldOf(() => parseOutgoingWebhook({ ...outgoing(), channel_id: undefined }))).toBe('channel_id');
        expect(fieldOf(() => parseOutgoingWebhook({ ...outgoing(), message_id: 'x'.repeat(500) }))).toBe('message_id');
        expect(fieldOf(() => parseOutgoingWebhook({ ...outgoing(), text: '   ' }))).toBe('text');
        expect(fieldOf(() => parseOutgoingWebhook({ ...outgoing(), attachments: 'x' }))).toBe('attachments');
        expect(fieldOf(() => parseOutgoingWebhook({ ...outgoing(), bot: 'yes' }))).toBe('bot');
    });
});
