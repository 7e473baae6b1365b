import { ProcessorId } from '../config/ids';
import { CallContext } from '../lib/context';
import { Session, SessionStore } from '../persistence/SessionStore';

interface IdleJobData {
    roomId: string;
}

/**
 * Gives the session exactly one pending idle-check job due at `at`. Relayed messages never call this:
 * the job reads the room's last activity when it fires and re-arms itself if it fired early.
 */
export async function armIdleCheck(ctx: CallContext, session: Session, at: Date, { create = false } = {}): Promise<Session> {
    const scheduler = ctx.modify.getScheduler();
    const sessions = new SessionStore(ctx.read.getPersistenceReader());
    const data: IdleJobData = { roomId: session.roomId };
    const jobId = (await scheduler.scheduleOnce({ id: ProcessorId.IdleCheck, when: at, data })) || undefined;
    const armed: Session = { ...session, jobId };
    if (create) {
        await sessions.create(ctx.persistence, armed);
    } else {
        await sessions.update(ctx.persistence, armed);
        if (jobId && !(await sessions.ofRoom(session.roomId))) {
            // Ended meanwhile (the update matched nothing): the new job would have no session to check.
            await scheduler.cancelJob(jobId);
            return session;
        }
    }
    if (session.jobId && session.jobId !== jobId) {
        // A job id, never the processor id: that would cancel every session's job.
        await scheduler.cancelJob(session.jobId);
    }
    return armed;
}
