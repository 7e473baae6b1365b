import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { UserType } from '@rocket.chat/apps-engine/definition/users';
import { classifyBotDirectMessage, classifyPostedMessage, MessageKind } from '../../../src/lib/messageKind';

function message(roomType: RoomType, extra: Record<string, unknown> = {}, senderType = UserType.USER): IMessage {
    return {
        room: { id: 'r', type: roomType },
        sender: { id: 'u', username: 'u', type: senderType },
        text: 'hi',
        ...extra,
    } as unknown as IMessage;
}

describe('classifyPostedMessage (IPostMessageSent)', () => {
    it('relays only an agent message in a livechat room', () => {
        expect(classifyPostedMessage(message(RoomType.LIVE_CHAT))).toBe(MessageKind.AgentInLivechat);
    });

    it.each([RoomType.CHANNEL, RoomType.PRIVATE_GROUP, RoomType.DIRECT_MESSAGE])('ignores room type %s without further checks', (type) => {
        expect(classifyPostedMessage(message(type))).toBe(MessageKind.NotOurRoomType);
    });

    it('never relays visitor messages (ShiftLink posts the rep as the visitor)', () => {
        expect(classifyPostedMessage(message(RoomType.LIVE_CHAT, { token: 'abc' }))).toBe(MessageKind.Visitor);
        expect(classifyPostedMessage(message(RoomType.LIVE_CHAT, { visitor: { token: 'abc' } }))).toBe(MessageKind.Visitor);
    });

    it('never relays system messages, edits, or app/bot messages', () => {
        expect(classifyPostedMessage(message(RoomType.LIVE_CHAT, { type: 'livechat-close' }))).toBe(MessageKind.System);
        expect(classifyPostedMessage(message(RoomType.LIVE_CHAT, { t: 'uj' }))).toBe(MessageKind.System);
        expect(classifyPostedMessage(message(RoomType.LIVE_CHAT, { editedAt: new Date() }))).toBe(MessageKind.Edit);
        expect(classifyPostedMessage(message(RoomType.LIVE_CHAT, {}, UserType.APP))).toBe(MessageKind.Automated);
        expect(classifyPostedMessage(message(RoomType.LIVE_CHAT, {}, UserType.BOT))).toBe(MessageKind.Automated);
    });
});

describe('classifyBotDirectMessage (IPostMessageSentToBot)', () => {
    it('relays a rep message in the DM', () => {
        expect(classifyBotDirectMessage(message(RoomType.DIRECT_MESSAGE))).toBe(MessageKind.RepInBotDirect);
    });

    it('ignores group DMs that include the bot (a third person would read the answers)', () => {
        const group = message(RoomType.DIRECT_MESSAGE);
        (group.room as { userIds?: string[] }).userIds = ['rep', 'bot', 'colleague'];
        expect(classifyBotDirectMessage(group)).toBe(MessageKind.NotOurRoomType);
        (group.room as { userIds?: string[] }).userIds = ['rep', 'bot'];
        expect(classifyBotDirectMessage(group)).toBe(MessageKind.RepInBotDirect);
    });

    it('treats a sender with an appId as automated', () => {
        const fromApp = message(RoomType.LIVE_CHAT);
        (fromApp.sender as { appId?: string }).appId = 'some-app';
        expect(classifyPostedMessage(fromApp)).toBe(MessageKind.Automated);
    });

    it('ignores edits, system messages, other apps and non-DMs', () => {
        expect(classifyBotDirectMessage(message(RoomType.DIRECT_MESSAGE, { editedAt: new Date() }))).toBe(MessageKind.Edit);
        expect(classifyBotDirectMessage(message(RoomType.DIRECT_MESSAGE, { type: 'ul' }))).toBe(MessageKind.System);
        expect(classifyBotDirectMessage(message(RoomType.DIRECT_MESSAGE, {}, UserType.APP))).toBe(MessageKind.Automated);
        expect(classifyBotDirectMessage(message(RoomType.CHANNEL))).toBe(MessageKind.NotOurRoomType);
    });
});
