import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { idlePolicy, stringSetting } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { textOrDefault, translate } from '../lib/i18n';
import { minutesUntil, nextIdleStep } from '../lib/idlePolicy';
import { EndReason, Session, SessionStore } from '../persistence/SessionStore';
import { tellRep } from '../relay/RepNotifier';
import { armIdleCheck } from '../session/IdleTimer';
import { closeSession, endSession } from '../session/SessionEnder';

const RETRY_MS = 60_000;

/**
 * The last message on either side. Every relayed message lands in the livechat room (the rep's as the
 * visitor, the manager's directly), so the room's last-message time is the session's activity clock and
 * relaying needs no write of its own. Warnings go out as notifications, which do not touch it.
 */
export function lastActivity(session: Session, room: ILivechatRoom): Date {
    // `updatedAt` only where a server does not expose `lastModifiedAt` (the room's `lm`).
    const lastMessageAt = new Date(room.lastModifiedAt ?? room.updatedAt ?? 0).getTime();
    return new Date(Math.max(session.openedAt, Number.isFinite(lastMessageAt) ? lastMessageAt : 0));
}

/** Re-reads everything, so a late, repeated or stale job is harmless. */
export async function checkIdle(ctx: CallContext, session: Session): Promise<void> {
    const room = (await ctx.read.getRoomReader().getById(session.roomId)) as ILivechatRoom | undefined;
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
                .setText(translate(session.language, 'idle_warning_manager', { minutes })).getMessage();
            await ctx.modify.getNotifier().notifyRoom(room, notice);
            await armIdleCheck(ctx, { ...session, warnedFor: activity.getTime() }, step.closeAt);
            return;
        }
        case 'close': {
            const minutes = policy.timeoutMs / 60_000;
            const comment = textOrDefault(await stringSetting(ctx.read, SettingId.CloseComment), session.language, 'close_comment', { minutes });
            if (!(await closeSession(ctx, session, EndReason.Idle, comment))) {
                await armIdleCheck(ctx, session, new Date(now.getTime() + RETRY_MS));
            }
            return;
        }
    }
}

/** The idle-check job: data holds the room id only; the session record is the truth. */
export async function runIdleCheckJob(ctx: CallContext, roomId: string, jobId: string | undefined): Promise<void> {
    const session = await new SessionStore(ctx.read.getPersistenceReader()).ofRoom(roomId);
    if (!session) {
        return;
    }
    if (jobId && session.jobId && jobId !== session.jobId) {
        ctx.logger.debug(`stale idle job ${jobId} for room ${roomId} ignored (current ${session.jobId})`);
        return;
    }
    await checkIdle(ctx, session);
}

