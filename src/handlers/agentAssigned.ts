import { ILivechatEventContext } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { isShiftLinkToken } from '../lib/token';
import { tellRep } from '../notices/repNotices';
import { RepStore } from '../persistence/RepStore';

/** Tells the rep which shift manager took the conversation (routing may assign before the session is stored). */
export async function onAgentAssigned(ctx: CallContext, event: ILivechatEventContext): Promise<void> {
    const token = event.room.visitor?.token;
    const rep = isShiftLinkToken(token) ? await new RepStore(ctx.read.getPersistenceReader()).byToken(token) : undefined;
    if (rep) {
        await tellRep(ctx, rep, 'agent_joined', { vars: { agent: event.agent.name || event.agent.username } });
    }
}
