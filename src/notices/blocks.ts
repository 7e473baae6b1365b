import { BlockBuilder, ButtonStyle } from '@rocket.chat/apps-engine/definition/uikit';
import { ActionId } from '../config/actionIds';
import { SLASH_COMMAND } from '../config/ids';
import { formatTimeFor } from '../lib/humanTime';
import { translate } from '../lib/i18n';

// Message blocks ShiftLink sends. Built with the engine's BlockBuilder (modify.getCreator().getBlockBuilder()),
// which stamps the app id on each block: RC's client posts a click to the app named there. Plain texts only
// (no markdown from names). Button values carry the livechat room id (or the undelivered message id), so a
// click on an old notice can be recognised as stale.

export interface Reader {
    language: string;
    /** RC's user utcOffset, in hours. */
    utcOffset?: number;
}

/** The rep's idle warning: the text plus "Keep it open". */
export function idleWarningBlocks(blocks: BlockBuilder, reader: Reader, text: string, roomId: string): BlockBuilder {
    blocks.addSectionBlock({ text: blocks.newPlainTextObject(text) });
    blocks.addActionsBlock({
        elements: [blocks.newButtonElement({ actionId: ActionId.KeepOpen, text: blocks.newPlainTextObject(translate(reader.language, 'button_keep_open')), value: roomId, style: ButtonStyle.PRIMARY })],
    });
    return blocks;
}

/** The manager's idle warning in the livechat room: same button, same action. */
export function managerWarningBlocks(blocks: BlockBuilder, reader: Reader, minutes: number, roomId: string): BlockBuilder {
    return idleWarningBlocks(blocks, reader, translate(reader.language, 'idle_warning_manager', { minutes }), roomId);
}

export interface StatusCard {
    roomId: string;
    /** Undefined while nobody has taken the room. */
    managerName?: string;
    openedAt: Date;
    closesAt: Date;
    now: Date;
}

/** `/shiftlink status`: who answers, open since, closes at (reader's clock), and "End conversation". */
export function statusCardBlocks(blocks: BlockBuilder, reader: Reader, card: StatusCard): BlockBuilder {
    const t = (key: Parameters<typeof translate>[1]) => translate(reader.language, key);
    const time = (at: Date) => formatTimeFor(at, card.now, reader.language, reader.utcOffset);
    blocks.addSectionBlock({ text: blocks.newPlainTextObject(t('status_title')) });
    blocks.addSectionBlock({
        text: blocks.newPlainTextObject(
            [`${t('status_manager')}: ${card.managerName ?? t('status_waiting')}`, `${t('status_open_since')}: ${time(card.openedAt)}`, `${t('status_closes_at')}: ${time(card.closesAt)}`].join('\n'),
        ),
    });
    blocks.addActionsBlock({
        elements: [blocks.newButtonElement({ actionId: ActionId.End, text: blocks.newPlainTextObject(t('button_end')), value: card.roomId, style: ButtonStyle.DANGER })],
    });
    return blocks;
}

/**
 * The second step of "End conversation". A confirm dialog on the button itself is not in the 1.46 engine's
 * button type, so the question is a card of its own with both answers.
 */
export function endConfirmationBlocks(blocks: BlockBuilder, reader: Reader, roomId: string, managerName?: string): BlockBuilder {
    const question = managerName ? translate(reader.language, 'end_confirm', { agent: managerName }) : translate(reader.language, 'end_confirm_waiting');
    blocks.addSectionBlock({ text: blocks.newPlainTextObject(question) });
    blocks.addActionsBlock({
        elements: [
            blocks.newButtonElement({ actionId: ActionId.EndConfirm, text: blocks.newPlainTextObject(translate(reader.language, 'button_end_confirm')), value: roomId, style: ButtonStyle.DANGER }),
            blocks.newButtonElement({ actionId: ActionId.EndCancel, text: blocks.newPlainTextObject(translate(reader.language, 'button_end_cancel')), value: roomId }),
        ],
    });
    return blocks;
}

/** The rep's "not delivered" notice with "Try again"; the value is the rep's own undelivered DM message. */
export function noManagerBlocks(blocks: BlockBuilder, reader: Reader, text: string, undeliveredMessageId: string): BlockBuilder {
    blocks.addSectionBlock({ text: blocks.newPlainTextObject(text) });
    blocks.addActionsBlock({
        elements: [blocks.newButtonElement({ actionId: ActionId.TryAgain, text: blocks.newPlainTextObject(translate(reader.language, 'button_try_again')), value: undeliveredMessageId })],
    });
    return blocks;
}

/** `/shiftlink help`: one line per command with its translated description. */
export function helpBlocks(blocks: BlockBuilder, reader: Reader): BlockBuilder {
    const t = (key: Parameters<typeof translate>[1]) => translate(reader.language, key);
    const commands: Array<[string, string]> = [
        ['status', t('help_status')],
        ['end', t('help_end')],
        ['help', t('help_help')],
    ];
    blocks.addSectionBlock({ text: blocks.newPlainTextObject(t('help_intro')) });
    blocks.addSectionBlock({ text: blocks.newPlainTextObject(commands.map(([option, description]) => `/${SLASH_COMMAND} ${option}: ${description}`).join('\n')) });
    return blocks;
}

/** The manager's first line in a ShiftLink room: whose conversation it is and where answers go. */
export function managerIntroBlocks(blocks: BlockBuilder, reader: Reader, repName: string): BlockBuilder {
    blocks.addContextBlock({ elements: [blocks.newPlainTextObject(translate(reader.language, 'manager_intro', { rep: repName }))] });
    return blocks;
}
