import { ILogger, IModify } from '@rocket.chat/apps-engine/definition/accessors';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IRoom, RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { ActionId, isActionId } from '../config/actionIds';
import { TextKey } from '../i18n/en';
import { errorText } from '../lib/errors';
import { languageOf, translate } from '../lib/i18n';
import { endConfirmationBlocks, endQuestion } from '../notices/blocks';
import { displayName } from '../lib/displayName';

/** A button click as the engine hands it over (UIKitBlockInteractionContext.getInteractionData()). */
export interface BlockClick {
    actionId: string;
    value?: string;
    user: IUser;
    /** The room the clicked message is in (RC converts it from the client's `rid`). */
    room?: IRoom;
    /** Undefined for an ephemeral message: the server does not store those. */
    message?: IMessage;
}

export type KeepOpenOutcome = 'kept' | 'closed' | 'not-a-party';
export type RetryOutcome = 'sent' | 'nothing-to-retry' | 'not-delivered';

/**
 * What a click needs from the session core; the core passes its functions in. Each takes the livechat room
 * id carried in the button's value (or, for retry, the undelivered message id) and the clicking user, and
 * must re-check both: the card may be old and anyone who can see a message can click its buttons.
 */
export interface SessionActions {
    /** Counts as activity: the idle close moves to a full timeout from now. */
    keepOpen(roomId: string, user: IUser): Promise<KeepOpenOutcome>;
    /** The open session of `roomId` if `rep` is its rep: the manager's name (none while waiting) for the question. */
    endable(roomId: string, rep: IUser): Promise<{ managerName?: string } | undefined>;
    /** Ends it like `/shiftlink end`; false when there was nothing (left) to end. */
    end(roomId: string, rep: IUser): Promise<boolean>;
    /** Sends the rep's undelivered message again, as if just written. */
    retry(messageId: string, rep: IUser): Promise<RetryOutcome>;
}

export interface ClickContext {
    modify: IModify;
    logger: ILogger;
    blockBuilder(): BlockBuilder;
    /** The server's default language, for a clicker who never chose one. */
    serverLanguage?: string;
}

/**
 * Routes a click to the session action its id names. Answers that only the clicker should see go out as
 * ephemeral messages in the room of the click; anything the other side must see is the action's job.
 */
export async function onBlockAction(ctx: ClickContext, click: BlockClick, actions: SessionActions): Promise<void> {
    if (!isActionId(click.actionId)) {
        return; // Another app's button, or one from a later ShiftLink version.
    }
    const value = typeof click.value === 'string' ? click.value : '';
    const reader = { language: languageOf(click.user, ctx.serverLanguage), utcOffset: click.user.utcOffset };
    const answer = (key: TextKey) => replyPrivately(ctx, click, translate(reader.language, key));
    try {
        switch (click.actionId) {
            case ActionId.KeepOpen: {
                const outcome = await actions.keepOpen(value, click.user);
                if (outcome === 'closed') {
                    return await answer('status_none');
                }
                // In the livechat room the manager sees the note itself; in the DM the rep gets a word back.
                const inLivechat = click.room?.type === RoomType.LIVE_CHAT;
                return outcome === 'kept' && !inLivechat
                    ? await replyPrivately(ctx, click, translate(reader.language, 'kept_open', { name: displayName(click.user) }))
                    : undefined;
            }
            case ActionId.End: {
                const session = await actions.endable(value, click.user);
                if (!session) {
                    return await answer('end_none');
                }
                return await replyPrivately(
                    ctx,
                    click,
                    endQuestion(reader.language, session.managerName),
                    endConfirmationBlocks(ctx.blockBuilder(), reader, value),
                );
            }
            case ActionId.EndConfirm:
                // Success needs no answer: the close notice reaches the rep like every other close.
                return (await actions.end(value, click.user)) ? undefined : await answer('end_none');
            case ActionId.EndCancel:
                return undefined;
            case ActionId.TryAgain: {
                const outcome = await actions.retry(value, click.user);
                return outcome === 'sent'
                    ? undefined
                    : await answer(outcome === 'nothing-to-retry' ? 'nothing_to_retry' : 'delivery_failed');
            }
        }
    } catch (error) {
        ctx.logger.error(`button ${click.actionId} of user ${click.user.id} failed: ${errorText(error)}`);
        await answer('command_failed');
    }
}

async function replyPrivately(ctx: ClickContext, click: BlockClick, text: string, blocks?: BlockBuilder): Promise<void> {
    if (!click.room) {
        return;
    }
    const builder = ctx.modify.getNotifier().getMessageBuilder().setRoom(click.room).setText(text);
    if (blocks) {
        builder.setBlocks(blocks);
    }
    await ctx.modify.getNotifier().notifyUser(click.user, builder.getMessage());
}
