import { ILivechatMessage } from '@rocket.chat/apps-engine/definition/livechat';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { UserType } from '@rocket.chat/apps-engine/definition/users';

/**
 * Why a message is or is not relayed. Decided from the message alone (no bridge call), so traffic
 * that is not ShiftLink's costs nothing.
 */
export enum MessageKind {
    /** A manager's message in a livechat room: relay to the rep if the room is a ShiftLink room. */
    AgentInLivechat = 'agent-in-livechat',
    /** A rep's message in the DM with the ShiftLink bot: relay to the manager. */
    RepInBotDirect = 'rep-in-bot-direct',
    NotOurRoomType = 'not-our-room-type',
    System = 'system',
    Edit = 'edit',
    /** Written as a visitor: ShiftLink's own relay of the rep (or a web-widget visitor). */
    Visitor = 'visitor',
    /** Written by an app or bot user: ShiftLink's own notices, or another integration. */
    Automated = 'automated',
}

function isSystem(message: IMessage): boolean {
    // `type` is the engine's name for the server's `t` (typed only since 1.47); older servers may pass `t` through.
    const { type, t } = message as { type?: string; t?: string };
    return !!type || !!t;
}

function isAutomated(message: IMessage): boolean {
    const sender = message.sender;
    return !!sender && (sender.type === UserType.APP || sender.type === UserType.BOT || !!sender.appId);
}

function isVisitor(message: ILivechatMessage): boolean {
    return !!message.token || !!message.visitor;
}

function commonExclusion(message: IMessage): MessageKind | undefined {
    if (isSystem(message)) {
        return MessageKind.System;
    }
    if (message.editedAt) {
        return MessageKind.Edit;
    }
    if (isAutomated(message)) {
        return MessageKind.Automated;
    }
    return undefined;
}

/** For IPostMessageSent: only agents' messages in livechat rooms can concern ShiftLink. */
export function classifyPostedMessage(message: IMessage): MessageKind {
    if (message.room?.type !== RoomType.LIVE_CHAT) {
        return MessageKind.NotOurRoomType;
    }
    if (isVisitor(message as ILivechatMessage)) {
        return MessageKind.Visitor;
    }
    return commonExclusion(message) ?? MessageKind.AgentInLivechat;
}

/**
 * For IPostMessageSentToBot: the engine has already checked it is a DM with our bot, not from it. It
 * also fires for group DMs that include the bot; those are not a rep's private line (a third person would
 * read the manager's answers), so only one-to-one DMs count.
 */
export function classifyBotDirectMessage(message: IMessage): MessageKind {
    if (message.room?.type !== RoomType.DIRECT_MESSAGE || (message.room.userIds?.length ?? 2) !== 2) {
        return MessageKind.NotOurRoomType;
    }
    return commonExclusion(message) ?? MessageKind.RepInBotDirect;
}
