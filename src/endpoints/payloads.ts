import { IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';
import { AppError } from '../lib/errors';
import { RelayContent } from '../relay/content';

// Rocket.Chat's default Message_MaxAllowedSize; longer texts would be refused by the server anyway.
export const MAX_TEXT_LENGTH = 5000;
const MAX_ID_LENGTH = 128;
const MAX_ATTACHMENTS = 20;
const MAX_MESSAGES = 100;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function bad(field: string, problem: string): AppError {
    return new AppError(400, `${field} ${problem}`, field);
}

function requireObject(value: unknown, field: string): Json {
    if (!isObject(value)) {
        throw bad(field, 'must be a JSON object');
    }
    return value;
}

function requireId(source: Json, key: string, field = key): string {
    const value = source[key];
    if (typeof value !== 'string' || value.trim() === '') {
        throw bad(field, 'must be a non-empty string');
    }
    // eslint-disable-next-line no-control-regex -- control characters are exactly what an id must not carry
    if (value.length > MAX_ID_LENGTH || /[\u0000-\u001f\s]/.test(value)) {
        throw bad(field, `must be an id (at most ${MAX_ID_LENGTH} characters, no spaces)`);
    }
    return value;
}

function optionalText(source: Json, key: string, field: string): string | undefined {
    const value = source[key];
    if (value === undefined || value === null) {
        return undefined;
    }
    if (typeof value !== 'string') {
        throw bad(field, 'must be a string');
    }
    if (value.length > MAX_TEXT_LENGTH) {
        throw bad(field, `must be at most ${MAX_TEXT_LENGTH} characters`);
    }
    return value;
}

function optionalAttachments(source: Json, key: string, field: string): Array<IMessageAttachment> | undefined {
    const value = source[key];
    if (value === undefined || value === null) {
        return undefined;
    }
    if (!Array.isArray(value) || value.length > MAX_ATTACHMENTS || !value.every(isObject)) {
        throw bad(field, `must be an array of at most ${MAX_ATTACHMENTS} objects`);
    }
    if (JSON.stringify(value).length > MAX_TEXT_LENGTH * 4) {
        throw bad(field, 'is too large');
    }
    return value as Array<IMessageAttachment>;
}

function content(source: Json, textKey: string, prefix: string): RelayContent {
    const text = optionalText(source, textKey, `${prefix}${textKey}`);
    const attachments = optionalAttachments(source, 'attachments', `${prefix}attachments`);
    if ((text ?? '').trim() === '' && !attachments?.length) {
        throw bad(`${prefix}${textKey}`, 'must not be empty when there are no attachments');
    }
    return { text, attachments };
}

/** One agent message of an Omnichannel webhook ("Message" event) payload. */
export interface AgentWebhookMessage {
    id: string;
    agentName: string;
    content: RelayContent;
}

export interface OmnichannelWebhook {
    type: string;
    roomId: string;
    /** Agent messages only: the visitor's own messages in the payload are the rep's and never go back. */
    messages: Array<AgentWebhookMessage>;
}

/** The payload Rocket.Chat's Omnichannel webhook posts (`Livechat_webhookUrl`, "Message" events). */
export function parseOmnichannelWebhook(body: unknown): OmnichannelWebhook {
    const payload = requireObject(body, 'body');
    const type = payload.type === undefined ? 'Message' : payload.type;
    if (typeof type !== 'string') {
        throw bad('type', 'must be a string');
    }
    if (type !== 'Message') {
        // Other events (sessions, offline forms, edits) carry nothing to relay; some have no room id.
        return { type, roomId: typeof payload._id === 'string' ? payload._id : '', messages: [] };
    }
    const roomId = requireId(payload, '_id');
    const list = payload.messages;
    if (!Array.isArray(list) || list.length === 0 || list.length > MAX_MESSAGES) {
        throw bad('messages', `must be a non-empty array of at most ${MAX_MESSAGES} messages`);
    }
    const visitor = isObject(payload.visitor) ? payload.visitor : {};
    const messages: Array<AgentWebhookMessage> = [];
    list.forEach((raw, index) => {
        const prefix = `messages[${index}].`;
        const message = requireObject(raw, `messages[${index}]`);
        const id = requireId(message, '_id', `${prefix}_id`);
        const author = isObject(message.u) ? message.u : {};
        const fromVisitor = !message.agentId && (author._id === undefined || author._id === visitor._id);
        if (fromVisitor) {
            return;
        }
        const name = [author.name, author.username, message.username, message.agentId].find((v) => typeof v === 'string' && v !== '');
        if (typeof name !== 'string') {
            throw bad(`${prefix}u`, 'must name the agent (u.name or u.username)');
        }
        messages.push({ id, agentName: name, content: content(message, 'msg', prefix) });
    });
    return { type, roomId, messages };
}

/** The payload of an outgoing-webhook integration (a user's message). */
export interface OutgoingWebhook {
    messageId: string;
    userId: string;
    roomId: string;
    fromBot: boolean;
    content: RelayContent;
}

export function parseOutgoingWebhook(body: unknown): OutgoingWebhook {
    const payload = requireObject(body, 'body');
    if (payload.bot !== undefined && typeof payload.bot !== 'boolean' && !isObject(payload.bot)) {
        throw bad('bot', 'must be a boolean or an object');
    }
    return {
        messageId: requireId(payload, 'message_id'),
        userId: requireId(payload, 'user_id'),
        roomId: requireId(payload, 'channel_id'),
        fromBot: !!payload.bot,
        content: content(payload, 'text', ''),
    };
}
