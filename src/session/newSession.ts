import { ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { idlePolicy } from '../config/readSettings';
import { CallContext } from '../lib/context';
import { firstCheckAt } from '../lib/idlePolicy';
import { Rep } from '../persistence/RepStore';
import { Session, SessionStore } from '../persistence/SessionStore';
import { armIdleCheck } from './idleTimer';
import { appUserOf } from './livechatRooms';

/** Stores a session for `room` (opened by ShiftLink or adopted) together with its first idle check. */
export async function recordSession(ctx: CallContext, rep: Rep, room: ILivechatRoom, visitor: IVisitor, departmentId: string): Promise<Session> {
    // The server's creation time orders concurrent duplicates the same way on every instance.
    const openedAt = room.createdAt ? new Date(room.createdAt) : new Date();
    const session: Session = {
        repId: rep.repId,
        language: rep.language,
        dmRoom: rep.dmRoom,
        roomId: room.id,
        departmentId,
        visitor,
        appUser: await appUserOf(ctx),
        openedAt: openedAt.getTime(),
    };
    return armIdleCheck(ctx, session, firstCheckAt(await idlePolicy(ctx.read), openedAt), { create: true });
}

/**
 * Removes the session's record and, only when this call removed it, its pending job. True for the one
 * caller that did: without transactions, that caller alone goes on (goodbye, close, clean-up).
 */
export async function discardSession(ctx: CallContext, session: Session): Promise<boolean> {
    if (!(await new SessionStore(ctx.read.getPersistenceReader()).remove(ctx.persistence, session))) {
        return false;
    }
    if (session.jobId) {
        await ctx.modify.getScheduler().cancelJob(session.jobId);
    }
    return true;
}
