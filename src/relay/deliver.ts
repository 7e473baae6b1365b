import { ILivechatMessage, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { CallContext } from '../lib/context';
import { withChosenId } from '../lib/messageIds';
import { RelayContent, withContent } from './content';

/*
 * The only code that posts messages. It delivers and reports; it decides nothing about sessions.
 * With a chosen id, a second post of the same id is refused by the server (nothing stored, an error
 * thrown): that is reported as `duplicate`, the post that exists already being the one that counts.
 */
export type Delivery = 'sent' | 'duplicate';

// The bot user never changes while the app runs: looked up once per process, not per message.
let botUser: IUser | undefined;

export async function appUser(ctx: CallContext): Promise<IUser> {
    if (!botUser) {
        const user = await ctx.read.getUserReader().getAppUser();
        if (!user) {
            throw new Error('the server has no user for this app');
        }
        botUser = user;
    }
    return botUser;
}

/** The stored message with this id; a read that fails counts as none (the caller decides what that means). */
export async function findMessage(ctx: CallContext, messageId: string): Promise<IMessage | undefined> {
    return ctx.read
        .getMessageReader()
        .getById(messageId)
        .catch(() => undefined);
}

async function finishOnce(ctx: CallContext, messageId: string | undefined, post: () => Promise<unknown>): Promise<Delivery> {
    try {
        await post();
        return 'sent';
    } catch (error) {
        if (messageId !== undefined && (await findMessage(ctx, messageId))) {
            return 'duplicate';
        }
        throw error;
    }
}

/** Only the room id matters to the server, which re-reads the room: records keep ids, never room snapshots. */
export const roomRef = (id: string): IRoom => ({ id }) as IRoom;

export interface DmPost {
    dmRoomId: string;
    content: RelayContent;
    messageId?: string;
    /** Shown as the sender's name (the manager's, for relayed answers). */
    alias?: string;
    /** Buttons or details under the text (never a copy of it: RC shows both). */
    blocks?: BlockBuilder;
}

/** Posts into a rep's DM as the bot. */
export async function postToDm(ctx: CallContext, post: DmPost): Promise<Delivery> {
    const sender = await appUser(ctx);
    return finishOnce(ctx, post.messageId, async () => {
        const creator = ctx.modify.getCreator();
        let builder = creator.startMessage(withChosenId<IMessage>(post.messageId)).setRoom(roomRef(post.dmRoomId)).setSender(sender);
        if (post.alias) {
            builder = builder.setUsernameAlias(post.alias);
        }
        if (post.blocks) {
            builder = builder.setBlocks(post.blocks);
        }
        await creator.finish(withContent(builder, post.content));
    });
}

/** Posts a note into a livechat room as the bot (the manager reads it; it moves the room's `lm`). */
export async function postBotNote(ctx: CallContext, post: { roomId: string; text: string; messageId?: string }): Promise<Delivery> {
    const sender = await appUser(ctx);
    return finishOnce(ctx, post.messageId, async () => {
        const creator = ctx.modify.getCreator();
        await creator.finish(
            creator.startMessage(withChosenId<IMessage>(post.messageId)).setRoom(roomRef(post.roomId)).setSender(sender).setText(post.text),
        );
    });
}

export interface VisitorPost {
    /** The room as just read (the engine's builder checks it is a livechat room). */
    room: ILivechatRoom;
    visitor: { id: string; token: string; username: string; name?: string };
    content: RelayContent;
    messageId?: string;
}

/**
 * Posts into a livechat room as the rep's visitor: the manager sees it as the contact's message. The
 * caller has checked the room is open: into a closed room the server would silently open a new one.
 */
export async function postAsVisitor(ctx: CallContext, post: VisitorPost): Promise<Delivery> {
    return finishOnce(ctx, post.messageId, async () => {
        const creator = ctx.modify.getCreator();
        const builder = creator
            .startLivechatMessage(withChosenId<ILivechatMessage>(post.messageId))
            .setRoom(post.room)
            .setVisitor(post.visitor as IVisitor);
        await creator.finish(withContent(builder, post.content));
    });
}

function ephemeral(ctx: CallContext, roomId: string, text: string, blocks?: BlockBuilder): IMessage {
    const builder = ctx.modify.getNotifier().getMessageBuilder().setRoom(roomRef(roomId)).setText(text);
    if (blocks) {
        builder.setBlocks(blocks);
    }
    return builder.getMessage();
}

/** An ephemeral note to one user (nobody else sees it, nothing is stored). */
export async function notifyUser(ctx: CallContext, user: IUser, roomId: string, text: string, blocks?: BlockBuilder): Promise<void> {
    await ctx.modify.getNotifier().notifyUser(user, ephemeral(ctx, roomId, text, blocks));
}

/** An ephemeral note to everyone in a room (the serving agent). */
export async function notifyRoom(ctx: CallContext, roomId: string, text: string, blocks?: BlockBuilder): Promise<void> {
    await ctx.modify.getNotifier().notifyRoom(roomRef(roomId), ephemeral(ctx, roomId, text, blocks));
}
