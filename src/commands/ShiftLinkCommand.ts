import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IApp } from '@rocket.chat/apps-engine/definition/IApp';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { SLASH_COMMAND } from '../config/ids';
import { idlePolicy, serverLanguage } from '../config/readSettings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { languageOf, translate } from '../lib/i18n';
import { EndReason } from '../persistence/SessionConcerns';
import { notifyUser } from '../relay/deliver';
import { close, sessionsOf } from '../session/lifecycle';
import { lastActivity } from '../session/lastActivity';
import { helpBlocks, StatusCard, statusCardBlocks } from '../notices/blocks';
import { readLivechatRoom } from '../session/livechatRooms';
import { displayName } from '../lib/displayName';

/** `/shiftlink status|end|help`: answers only the caller. */
export class ShiftLinkCommand implements ISlashCommand {
    public command = SLASH_COMMAND;
    public i18nParamsExample = 'shiftlink_command_params';
    public i18nDescription = 'shiftlink_command_description';
    public providesPreview = false;

    constructor(private readonly app: IApp) {}

    public async executor(
        context: SlashCommandContext,
        read: IRead,
        modify: IModify,
        _http: IHttp,
        persistence: IPersistence,
    ): Promise<void> {
        const ctx: CallContext = { read, modify, persistence, logger: this.app.getLogger() };
        const user = context.getSender();
        const language = languageOf(user, await serverLanguage(read));
        const reader = { language, utcOffset: user.utcOffset };
        // Ephemeral, to the caller only. The text is the headline; blocks add only what it does not say.
        const reply = (text: string, blocks?: (builder: BlockBuilder) => BlockBuilder) =>
            notifyUser(ctx, user, context.getRoom().id, text, blocks && blocks(modify.getCreator().getBlockBuilder()));
        const [option = 'help'] = context.getArguments().map((arg) => arg.toLowerCase());
        try {
            switch (option) {
                case 'status': {
                    const status = await this.status(ctx, user.id, language);
                    return await reply(status.text, status.card && ((builder) => statusCardBlocks(builder, reader, status.card!)));
                }
                case 'end': {
                    const problem = await this.end(ctx, user.id, language);
                    return problem ? await reply(problem) : undefined;
                }
                case 'help':
                    return await reply(translate(language, 'help_intro'), (builder) => helpBlocks(builder, reader));
                default:
                    return await reply(`${translate(language, 'unknown_option', { option })}\n${translate(language, 'help')}`);
            }
        } catch (error) {
            ctx.logger.error(`/shiftlink ${option} for user ${user.id} failed: ${errorText(error)}`);
            await reply(translate(language, 'command_failed'));
        }
    }

    /** A title line over a card (manager, open since, closes at, "End conversation"); the one-line status without a session. */
    private async status(ctx: CallContext, repId: string, language: string): Promise<{ text: string; card?: StatusCard }> {
        const [session] = await sessionsOf(ctx, repId);
        const room = session ? await readLivechatRoom(ctx, session.roomId) : undefined;
        if (!session || !room?.isOpen) {
            return { text: translate(language, 'status_none') };
        }
        const now = new Date();
        const closesAt = new Date(lastActivity(session, room).getTime() + (await idlePolicy(ctx.read)).timeoutMs);
        const managerName = room.servedBy ? displayName(room.servedBy) : undefined;
        return {
            text: translate(language, 'status_title'),
            card: { roomId: room.id, managerName, openedAt: new Date(session.openedAt), closesAt, now },
        };
    }

    /** Success needs no reply: the goodbye in the DM tells the rep, once, like every other close. */
    private async end(ctx: CallContext, repId: string, language: string): Promise<string | undefined> {
        const [session] = await sessionsOf(ctx, repId);
        if (!session) {
            return translate(language, 'end_none');
        }
        const closed = await close(ctx, session, EndReason.Rep, (roomLanguage) => translate(roomLanguage, 'closed_by_rep_comment'));
        return closed ? undefined : translate(language, 'command_failed');
    }
}
