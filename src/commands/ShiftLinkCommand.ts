import { IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IApp } from '@rocket.chat/apps-engine/definition/IApp';
import { ISlashCommand, SlashCommandContext } from '@rocket.chat/apps-engine/definition/slashcommands';
import { SLASH_COMMAND } from '../config/ids';
import { idlePolicy, serverLanguage } from '../config/readSettings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { languageOf, translate } from '../lib/i18n';
import { minutesUntil } from '../lib/idlePolicy';
import { EndReason } from '../persistence/SessionConcerns';
import { notifyUser } from '../relay/deliver';
import { close, sessionsOf } from '../session/lifecycle';
import { lastActivity } from '../session/lastActivity';
import { readLivechatRoom } from '../session/livechatRooms';

/** `/shiftlink status|end|help`: answers only the caller. */
export class ShiftLinkCommand implements ISlashCommand {
    public command = SLASH_COMMAND;
    public i18nParamsExample = 'shiftlink_command_params';
    public i18nDescription = 'shiftlink_command_description';
    public providesPreview = false;

    constructor(private readonly app: IApp) {}

    public async executor(context: SlashCommandContext, read: IRead, modify: IModify, _http: IHttp, persistence: IPersistence): Promise<void> {
        const ctx: CallContext = { read, modify, persistence, logger: this.app.getLogger() };
        const user = context.getSender();
        const language = languageOf(user, await serverLanguage(read));
        // Ephemeral: only the caller sees it.
        const reply = (text: string) => notifyUser(ctx, user, context.getRoom().id, text);
        const [option = 'help'] = context.getArguments().map((arg) => arg.toLowerCase());
        try {
            switch (option) {
                case 'status':
                    return await reply(await this.status(ctx, user.id, language));
                case 'end': {
                    const problem = await this.end(ctx, user.id, language);
                    return problem ? await reply(problem) : undefined;
                }
                case 'help':
                    return await reply(translate(language, 'help'));
                default:
                    return await reply(`${translate(language, 'unknown_option', { option })}\n${translate(language, 'help')}`);
            }
        } catch (error) {
            ctx.logger.error(`/shiftlink ${option} for user ${user.id} failed: ${errorText(error)}`);
            await reply(translate(language, 'command_failed'));
        }
    }

    private async status(ctx: CallContext, repId: string, language: string): Promise<string> {
        const [session] = await sessionsOf(ctx, repId);
        const room = session ? await readLivechatRoom(ctx, session.roomId) : undefined;
        if (!session || !room?.isOpen) {
            return translate(language, 'status_none');
        }
        const closeAt = lastActivity(session, room).getTime() + (await idlePolicy(ctx.read)).timeoutMs;
        const agent = room.servedBy ? room.servedBy.name || room.servedBy.username : translate(language, 'status_waiting');
        return translate(language, 'status_open', { room: room.id, agent, minutes: minutesUntil(new Date(closeAt), new Date()) });
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
