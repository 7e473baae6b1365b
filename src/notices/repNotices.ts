import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { TextKey } from '../i18n/en';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { TextVars, textOrDefault } from '../lib/i18n';
import { Recipient } from '../persistence/RepStore';
import { KeyedQueue } from '../lib/keyedQueue';
import { Delivery, postToDm } from '../relay/deliver';

// Notices that events raise in a known order (connected, then agent joined) go out in that order.
const ordered = new KeyedQueue();

/** Runs `task` after the earlier notices queued under `key` (queue it before anything is awaited). */
export function inNoticeOrder<T>(key: string, task: () => Promise<T>): Promise<T> {
    return ordered.run(key, task);
}

/**
 * Everything ShiftLink itself tells a rep goes through here, as the bot, in the rep's DM. `messageId`
 * makes a notice that several handlers may send (the goodbye, a warning) arrive once.
 */
export async function tellRep(
    ctx: CallContext,
    rep: Recipient,
    key: TextKey,
    options: { vars?: TextVars; configured?: string; messageId?: string; blocks?: (builder: BlockBuilder) => BlockBuilder } = {},
): Promise<Delivery | undefined> {
    const text = textOrDefault(options.configured ?? '', rep.language, key, options.vars);
    const blocks = options.blocks && options.blocks(ctx.modify.getCreator().getBlockBuilder());
    try {
        return await postToDm(ctx, { dmRoomId: rep.dmRoomId, content: { text }, messageId: options.messageId, blocks });
    } catch (error) {
        ctx.logger.error(`could not notify rep ${rep.repId} in room ${rep.dmRoomId} (${key}): ${errorText(error)}`);
        return undefined;
    }
}
