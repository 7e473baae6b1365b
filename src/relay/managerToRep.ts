import { CallContext } from '../lib/context';
import { translate } from '../lib/i18n';
import { Session } from '../persistence/SessionStore';
import { RelayContent, withContent } from './content';

/** A manager answered in a ShiftLink room: post it into the rep's DM as the bot, under the manager's name. */
export async function relayManagerMessage(ctx: CallContext, session: Session, managerName: string, content: RelayContent): Promise<void> {
    const builder = ctx.modify
        .getCreator()
        .startMessage()
        .setRoom(session.dmRoom)
        .setSender(session.appUser)
        .setUsernameAlias(translate(session.language, 'from_manager_alias', { agent: managerName }));
    await ctx.modify.getCreator().finish(withContent(builder, content));
    ctx.logger.debug(`relayed room ${session.roomId} -> rep ${session.repId}`);
}
