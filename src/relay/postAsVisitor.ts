import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { Session } from '../persistence/SessionStore';
import { RelayContent, withContent } from './content';

/** Posts into the livechat room as the rep's visitor: the manager sees it as the contact's message. */
export async function postAsVisitor(ctx: CallContext, session: Session, room: ILivechatRoom, content: RelayContent): Promise<void> {
    const builder = ctx.modify.getCreator().startLivechatMessage().setRoom(room).setVisitor(session.visitor);
    await ctx.modify.getCreator().finish(withContent(builder, content));
}
