import { IJobContext } from '@rocket.chat/apps-engine/definition/scheduler';
import { ProcessorId } from '../config/ids';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { SessionConcerns } from '../persistence/SessionConcerns';
import { allSessions } from '../session/lifecycle';
import { checkIdle } from './idleCheck';

/*
 * One app-wide safety sweep (one job, not one per session). The scheduler can lose a session's idle job
 * (the server's bridge returns undefined instead of throwing); the sweep finds sessions whose job is
 * missing or long overdue and checks them now: overdue ones close, the others get a job again.
 */
export const SWEEP_INTERVAL_MS = 2 * 60_000;
// A job this late has been lost: the scheduler polls every few seconds.
const LOST_AFTER_MS = 60_000;
const SCHEDULE_ATTEMPTS = 3;

/** Replaces every pending sweep with one, due after an interval; its id is the only one that re-arms. */
export async function armSweep(ctx: CallContext, { replaceAll = false } = {}): Promise<void> {
    const scheduler = ctx.modify.getScheduler();
    if (replaceAll) {
        // The processor id cancels every sweep job: after an enable, whichever instance ran it.
        await scheduler.cancelJob(ProcessorId.Sweep);
    }
    for (let attempt = 1; attempt <= SCHEDULE_ATTEMPTS; attempt++) {
        const when = new Date(Date.now() + SWEEP_INTERVAL_MS);
        const jobId = (await scheduler.scheduleOnce({ id: ProcessorId.Sweep, when }).catch(() => undefined)) || undefined;
        if (jobId) {
            await new SessionConcerns(ctx.read.getPersistenceReader()).setSweepJob(ctx.persistence, jobId);
            return;
        }
    }
    ctx.logger.error(`the safety sweep could not be scheduled (${SCHEDULE_ATTEMPTS} attempts); it is armed again on the next enable`);
}

export async function runSweep(ctx: CallContext, job: IJobContext): Promise<void> {
    const concerns = new SessionConcerns(ctx.read.getPersistenceReader());
    const current = await concerns.sweepJob();
    if (job.jobId && current && job.jobId !== current) {
        return; // a second sweep left over from two enables at once: it ends here
    }
    try {
        const now = Date.now();
        let rescued = 0;
        for (const session of await allSessions(ctx)) {
            const pending = await concerns.job(session.roomId);
            if (pending && pending.due + LOST_AFTER_MS > now) {
                continue;
            }
            rescued++;
            ctx.logger.error(`idle job of room ${session.roomId} is ${pending ? 'overdue' : 'missing'}; checking it now`);
            await checkIdle(ctx, session).catch((error) => ctx.logger.error(`sweep of room ${session.roomId} failed: ${errorText(error)}`));
        }
        if (rescued > 0) {
            ctx.logger.info(`sweep checked ${rescued} session(s) without a working idle job`);
        }
    } finally {
        await armSweep(ctx);
    }
}
