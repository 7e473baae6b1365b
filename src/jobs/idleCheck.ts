import { IJobContext } from '@rocket.chat/apps-engine/definition/scheduler';
import { idlePolicy, stringSetting } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { textOrDefault, translate } from '../lib/i18n';
import { minutesUntil, nextIdleStep } from '../lib/idlePolicy';
import { EndReason, Session, SessionStore } from '../persistence/SessionStore';
import { tellRep } from '../relay/repNotices';
import { armIdleCheck } from '../session/idleTimer';
import { closeSession, endSession } from '../session/endSession';
import { lastActivity } from '../session/lastActivity';
import { managerLanguage, readLivechatRoom } from '../session/livechatRooms';

const RETRY_MS = 60_000;

/** Re-reads everything, so a late, repeated or stale job is harmless. */
async function checkIdle(ctx: CallContext, session: Session): Promise<void> {
    const room = await readLivechatRoom(ctx, session.roomId);
    if (!room || !room.isOpen) {
        await endSession(ctx, session);
        return;
    }
    const policy = await idlePolicy(ctx.read);
    const activity = lastActivity(session, room);
    const now = new Date();
    const warnedFor = session.warnedFor !== undefined ? new Date(session.warnedFor) : undefined;
    const step = nextIdleStep(policy, activity, warnedFor, now);

    switch (step.kind) {
        case 'wait':
            await armIdleCheck(ctx, session, step.until);
            return;
        case 'warn': {
            const minutes = minutesUntil(step.closeAt, now);
            const configured = await stringSetting(ctx.read, SettingId.WarningText);
            await tellRep(ctx, session, 'idle_warning', { minutes }, configured);
            const notice = ctx.modify.getNotifier().getMessageBuilder().setRoom(room)
                .setText(translate(managerLanguage(room), 'idle_warning_manager', { minutes })).getMessage();
            await ctx.modify.getNotifier().notifyRoom(room, notice);
            await armIdleCheck(ctx, { ...session, warnedFor: activity.getTime() }, step.closeAt);
            return;
        }
        case 'close': {
            const minutes = policy.timeoutMs / 60_000;
            const configured = await stringSetting(ctx.read, SettingId.CloseComment);
            const comment = (language: string) => textOrDefault(configured, language, 'close_comment', { minutes });
            if (!(await closeSession(ctx, session, EndReason.Idle, comment))) {
                await armIdleCheck(ctx, session, new Date(now.getTime() + RETRY_MS));
            }
            return;
        }
    }
}

/** The idle-check job: data holds the room id only; the session record is the truth. */
export async function runIdleCheckJob(ctx: CallContext, job: IJobContext): Promise<void> {
    const roomId = typeof job.roomId === 'string' ? job.roomId : undefined;
    if (!roomId) {
        ctx.logger.error(`idle job ${job.jobId} has no room id; ignored`);
        return;
    }
    const session = await new SessionStore(ctx.read.getPersistenceReader()).ofRoom(roomId);
    if (!session) {
        return;
    }
    if (job.jobId && session.jobId && job.jobId !== session.jobId) {
        ctx.logger.debug(`stale idle job ${job.jobId} for room ${roomId} ignored (current ${session.jobId})`);
        return;
    }
    try {
        await checkIdle(ctx, session);
    } catch (error) {
        // Without a next job the session would never close: try again shortly.
        ctx.logger.error(`idle check of room ${roomId} failed, retrying in a minute: ${errorText(error)}`);
        await armIdleCheck(ctx, session, new Date(Date.now() + RETRY_MS));
    }
}
