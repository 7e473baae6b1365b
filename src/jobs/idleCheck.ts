import { IJobContext } from '@rocket.chat/apps-engine/definition/scheduler';
import { idlePolicy, serverLanguage, stringSetting } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { textOrDefault, translate } from '../lib/i18n';
import { minutesUntil, nextIdleStep } from '../lib/idlePolicy';
import { MessageIdKind, messageIdFor } from '../lib/messageIds';
import { keepOpenBlocks } from '../notices/blocks';
import { tellRep } from '../notices/repNotices';
import { EndReason, SessionConcerns } from '../persistence/SessionConcerns';
import { Session } from '../persistence/SessionStore';
import { notifyRoom } from '../relay/deliver';
import { arm, close, end, sessionOfRoom } from '../session/lifecycle';
import { lastActivity } from '../session/lastActivity';
import { managerLanguage, readLivechatRoom } from '../session/livechatRooms';

const RETRY_MS = 60_000;

/** Re-reads everything, so a late, repeated or stale check is harmless. Also run by the sweep. */
export async function checkIdle(ctx: CallContext, session: Session): Promise<void> {
    const room = await readLivechatRoom(ctx, session.roomId);
    if (!room?.isOpen) {
        await end(ctx, session);
        return;
    }
    const concerns = new SessionConcerns(ctx.read.getPersistenceReader());
    const [policy, warned] = await Promise.all([idlePolicy(ctx.read), concerns.warnedFor(session.roomId)]);
    const activity = lastActivity(session, room);
    const now = new Date();
    const step = nextIdleStep(policy, activity, warned !== undefined ? new Date(warned) : undefined, now);

    switch (step.kind) {
        case 'wait':
            await arm(ctx, session, step.until);
            return;
        case 'warn': {
            const minutes = minutesUntil(step.closeAt, now);
            // One warning per silence, whichever job or instance sends it: the id names the silence.
            const messageId = messageIdFor(MessageIdKind.Warning, session.roomId, activity.getTime());
            await concerns.setWarnedFor(ctx.persistence, session.roomId, activity.getTime());
            const repReader = { language: session.language };
            const delivery = await tellRep(ctx, session, 'idle_warning', {
                vars: { minutes },
                configured: await stringSetting(ctx.read, SettingId.WarningText),
                messageId,
                blocks: (builder) => keepOpenBlocks(builder, repReader, room.id),
            });
            if (delivery === 'sent') {
                const manager = { language: managerLanguage(room, await serverLanguage(ctx.read)) };
                const blocks = keepOpenBlocks(ctx.modify.getCreator().getBlockBuilder(), manager, room.id);
                await notifyRoom(ctx, room.id, translate(manager.language, 'idle_warning_manager', { minutes }), blocks);
            }
            await arm(ctx, session, step.closeAt);
            return;
        }
        case 'close': {
            const minutes = policy.timeoutMs / 60_000;
            // A room no shift manager ever took closes with its own words (the admin's close comment is for conversations).
            const nobodyTook = !room.servedBy;
            const configured = nobodyTook ? '' : await stringSetting(ctx.read, SettingId.CloseComment);
            const comment = (language: string) =>
                textOrDefault(configured, language, nobodyTook ? 'queue_timeout_comment' : 'close_comment', { minutes });
            if (!(await close(ctx, session, nobodyTook ? EndReason.NobodyTook : EndReason.Idle, comment))) {
                await arm(ctx, session, new Date(now.getTime() + RETRY_MS));
            }
            return;
        }
    }
}

/** The idle-check job: data holds the room id only; the session record and its job concern are the truth. */
export async function runIdleCheckJob(ctx: CallContext, job: IJobContext): Promise<void> {
    const roomId = typeof job.roomId === 'string' ? job.roomId : undefined;
    if (!roomId) {
        ctx.logger.error(`idle job ${job.jobId} has no room id; ignored`);
        return;
    }
    const [session, current] = await Promise.all([
        sessionOfRoom(ctx, roomId),
        new SessionConcerns(ctx.read.getPersistenceReader()).job(roomId),
    ]);
    if (!session) {
        return;
    }
    if (job.jobId && current && job.jobId !== current.jobId) {
        ctx.logger.debug(`stale idle job ${job.jobId} for room ${roomId} ignored (current ${current.jobId})`);
        return;
    }
    try {
        await checkIdle(ctx, session);
    } catch (error) {
        // Without a next job the session would wait for the sweep: try again shortly.
        ctx.logger.error(`idle check of room ${roomId} failed, retrying in a minute: ${errorText(error)}`);
        await arm(ctx, session, new Date(Date.now() + RETRY_MS));
    }
}
