import type { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import type { IUIKitResponse } from '@rocket.chat/apps-engine/definition/uikit';

import { newId } from './model/ids';
import type { ModelPort } from './model/port';

/** The interactive element a user clicks, as found in a message's blocks. */
interface Clickable {
    appId: string;
    blockId: string;
    actionId: string;
    value?: string;
}

/**
 * A block action as RC's uikit router builds it (ee/server/apps/communication/uikit.ts, routeHandler
 * 'blockAction'): the client posts `{ type, actionId, triggerId, mid, rid, container, payload: { blockId,
 * value } }` to `/api/apps/ui.interaction/<appId of the block>`; the server converts room and message by id
 * (a message id it does not store, e.g. an ephemeral one, converts to undefined) and the logged-in user,
 * then triggers IUIKitInteractionHandler and sends the app's answer back to the client as is.
 */
export async function buildBlockAction(
    port: ModelPort,
    userId: string,
    messageId: string,
    actionId: string,
    value?: string,
): Promise<{ appId: string; action: Record<string, unknown> }> {
    const user = await port.users.getById(userId);
    if (!user) {
        throw new Error(`Unknown user ${userId}`);
    }
    const stored = await port.rooms.getMessageById(messageId);
    const shown =
        stored ||
        (await port.notifications.forUser(userId, await port.rooms.roomIdsOf(userId))).find((n) => n.message.id === messageId)?.message;
    if (!shown) {
        throw new Error(`User ${userId} sees no message ${messageId}`);
    }
    const element = findClickable(shown, actionId, value);
    if (!element) {
        throw new Error(`Message ${messageId} has no button ${actionId}${value === undefined ? '' : ` with value ${value}`}`);
    }
    return {
        appId: element.appId,
        action: {
            type: 'blockAction',
            appId: element.appId,
            actionId,
            triggerId: newId(),
            container: { type: 'message', id: messageId },
            message: stored,
            payload: { blockId: element.blockId, value: element.value },
            user,
            room: await port.rooms.getById(shown.room.id),
        },
    };
}

/** What the client shows after a click: RC passes the handler's answer through (modal.open, errors, ...). */
export type InteractionResponse = IUIKitResponse | undefined;

/** Buttons in section accessories and actions blocks; `value` picks one when several share an action id. */
function findClickable(message: IMessage, actionId: string, value?: string): Clickable | undefined {
    for (const block of (message.blocks || []) as unknown as Array<Record<string, unknown>>) {
        const elements = [block.accessory, ...((block.elements as unknown[]) || [])].filter(Boolean) as Array<Record<string, unknown>>;
        const element = elements.find((e) => e.actionId === actionId && (value === undefined || e.value === value));
        if (element) {
            return {
                appId: String(element.appId ?? block.appId),
                blockId: String(element.blockId ?? block.blockId),
                actionId,
                value: element.value as string | undefined,
            };
        }
    }
    return undefined;
}
