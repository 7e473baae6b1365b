import { ILivechatEventContext } from '@rocket.chat/apps-engine/definition/livechat';
import { CallContext } from '../lib/context';
import { isShiftLinkToken } from '../lib/token';
import { inNoticeOrder, tellRep } from '../notices/repNotices';
import { RepStore } from '../persistence/RepStore';

/** Tells the rep which shift manager took the conversation (routing may assign before the session is stored). */
export async function onAgentAssigned(ctx: CallContext, event: ILivechatEventContext): Promise<void> {
    const token = event.room.visitor?.token;
    if (!isShiftLinkToken(token)) {
        return;
    }
    // After the room's "connected" notice, which the server's earlier event queued.
    await inNoticeOrder(token, async () => {
        const rep = await new RepStore(ctx.read.getPersistenceReader()).byToken(token);
        if (rep) {
            await tellRep(ctx, rep, 'agent_joined', { vars: { agent: event.agent.name || event.agent.username } });
        }
    });
}
