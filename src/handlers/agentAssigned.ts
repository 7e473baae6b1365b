import { ILivechatEventContext } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { RepStore } from '../persistence/RepStore';
import { tellRep } from '../relay/repNotices';

/** Tells the rep which shift manager took the conversation (routing may assign before the session is stored). */
export async function onAgentAssigned(ctx: CallContext, event: ILivechatEventContext): Promise<void> {
    const token = event.room.visitor?.token;
    const rep = token ? await new RepStore(ctx.read.getPersistenceReader()).byToken(token) : undefined;
    if (rep) {
        await tellRep(ctx, rep, 'agent_joined', { agent: event.agent.name || event.agent.username });
    }
}
