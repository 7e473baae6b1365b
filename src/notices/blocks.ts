import { BlockBuilder, ButtonStyle } from '@rocket.chat/apps-engine/definition/uikit';
import { ActionId } from '../config/actionIds';
import { SLASH_COMMAND } from '../config/ids';
import { TextKey } from '../i18n/en';
import { formatTimeFor } from '../lib/humanTime';
import { translate } from '../lib/i18n';

// Message blocks ShiftLink sends. Built with the engine's BlockBuilder (modify.getCreator().getBlockBuilder()),
// which stamps the app id on each block: RC's client posts a click to the app named there. Plain texts only
// (no markdown from names). Button values carry the livechat room id (or the undelivered message id), so a
// click on an old notice can be recognised as stale. RC shows a message's text AND its blocks, so blocks
// hold only what the text does not say (the buttons, the card's details): nothing is shown twice, and
// clients without blocks (push, mobile notifications) still read the whole notice in the text.

export interface Reader {
    language: string;
    /** RC's user utcOffset, in hours. */
    utcOffset?: number;
}

/** A button labelled in the reader's language; `value` goes back with the click. */
function button(blocks: BlockBuilder, reader: Reader, actionId: ActionId, label: TextKey, value: string, style?: ButtonStyle) {
    const text = blocks.newPlainTextObject(translate(reader.language, label));
    return blocks.newButtonElement(style ? { actionId, text, value, style } : { actionId, text, value });
}

/** "Keep it open" under an idle warning (the rep's in the DM, the manager's in the livechat room). */
export function keepOpenBlocks(blocks: BlockBuilder, reader: Reader, roomId: string): BlockBuilder {
    blocks.addActionsBlock({ elements: [button(blocks, reader, ActionId.KeepOpen, 'button_keep_open', roomId, ButtonStyle.PRIMARY)] });
    return blocks;
}

export interface StatusCard {
    roomId: string;
    /** Undefined while nobody has taken the room. */
    managerName?: string;
    openedAt: Date;
    closesAt: Date;
    now: Date;
}

/** `/shiftlink status` under its title (the text): who answers, open since, closes at (reader's clock), and "End conversation". */
export function statusCardBlocks(blocks: BlockBuilder, reader: Reader, card: StatusCard): BlockBuilder {
    const t = (key: TextKey) => translate(reader.language, key);
    const time = (at: Date) => formatTimeFor(at, card.now, reader.language, reader.utcOffset);
    blocks.addSectionBlock({
        text: blocks.newPlainTextObject(
            [
                `${t('status_manager')}: ${card.managerName ?? t('status_waiting')}`,
                `${t('status_open_since')}: ${time(card.openedAt)}`,
                `${t('status_closes_at')}: ${time(card.closesAt)}`,
            ].join('\n'),
        ),
    });
    blocks.addActionsBlock({ elements: [button(blocks, reader, ActionId.End, 'button_end', card.roomId, ButtonStyle.DANGER)] });
    return blocks;
}

export function endQuestion(language: string, managerName?: string): string {
    return managerName ? translate(language, 'end_confirm', { agent: managerName }) : translate(language, 'end_confirm_waiting');
}

/**
 * The second step of "End conversation". A confirm dialog on the button itself is not in the 1.46 engine's
 * button type, so the question (`endQuestion`, the message text) gets both answers.
 */
export function endConfirmationBlocks(blocks: BlockBuilder, reader: Reader, roomId: string): BlockBuilder {
    blocks.addActionsBlock({
        elements: [
            button(blocks, reader, ActionId.EndConfirm, 'button_end_confirm', roomId, ButtonStyle.DANGER),
            button(blocks, reader, ActionId.EndCancel, 'button_end_cancel', roomId),
        ],
    });
    return blocks;
}

/** "Try again" under the rep's "not delivered" notice; the value is the rep's own undelivered DM message. */
export function noManagerBlocks(blocks: BlockBuilder, reader: Reader, undeliveredMessageId: string): BlockBuilder {
    blocks.addActionsBlock({ elements: [button(blocks, reader, ActionId.TryAgain, 'button_try_again', undeliveredMessageId)] });
    return blocks;
}

/** `/shiftlink help` under its intro (the text): one line per command with its translated description. */
export function helpBlocks(blocks: BlockBuilder, reader: Reader): BlockBuilder {
    const t = (key: TextKey) => translate(reader.language, key);
    const commands: Array<[string, string]> = [
        ['status', t('help_status')],
        ['end', t('help_end')],
        ['help', t('help_help')],
    ];
    blocks.addSectionBlock({
        text: blocks.newPlainTextObject(commands.map(([option, description]) => `/${SLASH_COMMAND} ${option}: ${description}`).join('\n')),
    });
    return blocks;
}
