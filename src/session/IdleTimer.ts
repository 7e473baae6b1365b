import { ProcessorId } from '../config/ids';
import { CallContext } from '../lib/context';
import { Session, SessionStore } from '../persistence/SessionStore';

export interface IdleJobData {
    roomId: string;
}

/**
 * Gives the session exactly one pending idle-check job due at `at`. Relayed messages never call this:
 * the job reads the room's last activity when it fires and re-arms itself if it fired early.
 */
export async function armIdleCheck(ctx: CallContext, session: Session, at: Date, { create = false } = {}): Promise<Session> {
    const previous = session.jobId;
    const data: IdleJobData = { roomId: session.roomId };
    const jobId = await ctx.modify.getScheduler().scheduleOnce({ id: ProcessorId.IdleCheck, when: at, data });
    const armed: Session = { ...session, jobId: jobId || undefined };
    const sessions = new SessionStore(ctx.read.getPersistenceReader());
    await (create ? sessions.create(ctx.persistence, armed) : sessions.update(ctx.persistence, armed));
    if (previous && previous !== armed.jobId) {
        // A job id, never the processor id: that would cancel every session's job.
        await ctx.modify.getScheduler().cancelJob(previous);
    }
    return armed;
}
