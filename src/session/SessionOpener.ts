import { IDepartment, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { stringSetting, idlePolicy } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { translate } from '../lib/i18n';
import { firstCheckAt } from '../lib/idlePolicy';
import { Rep } from '../persistence/RepStore';
import { Session, SessionStore } from '../persistence/SessionStore';
import { RelayContent } from '../relay/content';
import { postAsVisitor } from '../relay/postAsVisitor';
import { tellRep } from '../relay/RepNotifier';
import { armIdleCheck } from './IdleTimer';
import { endSession } from './SessionEnder';

const NO_AGENT_ONLINE = 'no-agent-online';
const INVALID_DEPARTMENT = 'error-invalid-department';

/** Resolves the configured department, or tells the rep and the admin (logs) why there is none. */
async function configuredDepartment(ctx: CallContext, rep: Rep): Promise<IDepartment | undefined> {
    const configured = (await stringSetting(ctx.read, SettingId.Department)).trim();
    if (configured === '') {
        ctx.logger.error('ShiftLink is not set up: the department setting is empty');
        await tellRep(ctx, rep, 'not_configured');
        return undefined;
    }
    const department = await ctx.read.getLivechatReader().getLivechatDepartmentByIdOrName(configured);
    if (!department) {
        ctx.logger.error(`ShiftLink is not set up: department "${configured}" does not exist`);
        await tellRep(ctx, rep, 'not_configured');
        return undefined;
    }
    return department;
}

async function tellRepRoomFailed(ctx: CallContext, rep: Rep, department: IDepartment, error: unknown): Promise<void> {
    const reason = errorText(error);
    if (reason.includes(NO_AGENT_ONLINE)) {
        ctx.logger.info(`no shift manager online in department ${department.id}; message of rep ${rep.repId} not delivered`);
        await tellRep(ctx, rep, 'no_manager', { department: department.name ?? department.id }, await stringSetting(ctx.read, SettingId.NoManagerText));
    } else if (reason.includes(INVALID_DEPARTMENT)) {
        ctx.logger.error(`department ${department.id} refused by the server: ${reason}`);
        await tellRep(ctx, rep, 'not_configured');
    } else {
        ctx.logger.error(`could not open a livechat room for rep ${rep.repId} in department ${department.id}: ${reason}`);
        await tellRep(ctx, rep, 'delivery_failed');
    }
}

/**
 * Two first messages of one rep may be handled at once on two instances, each creating a room. Every
 * handler looks after writing its own session: the earliest room wins, and whoever sees a later one
 * closes it (its record removed first, so no goodbye goes out) and posts into the winner instead.
 */
async function winningSession(ctx: CallContext, rep: Rep, mine: Session): Promise<Session> {
    const sessions = new SessionStore(ctx.read.getPersistenceReader());
    const all = await sessions.ofRep(mine.repId);
    if (all.length < 2) {
        return mine;
    }
    const ordered = [...all].sort((a, b) => a.openedAt - b.openedAt || a.roomId.localeCompare(b.roomId));
    const [winner, ...losers] = ordered;
    for (const loser of losers) {
        if (!(await sessions.remove(ctx.persistence, loser))) {
            continue;
        }
        if (loser.jobId) {
            await ctx.modify.getScheduler().cancelJob(loser.jobId);
        }
        const room = (await ctx.read.getRoomReader().getById(loser.roomId)) as ILivechatRoom | undefined;
        if (room?.isOpen) {
            ctx.logger.info(`duplicate room ${loser.roomId} of rep ${loser.repId} closed; conversation continues in ${winner.roomId}`);
            await ctx.modify
                .getUpdater()
                .getLivechatUpdater()
                .closeRoom(room, translate(rep.language, 'duplicate_room_comment'))
                .catch((error) => ctx.logger.error(`could not close duplicate room ${loser.roomId}: ${errorText(error)}`));
        }
    }
    return winner;
}

/**
 * Opens a session for a rep with no open one and delivers `content` as its first message. Nothing is
 * stored before the room exists, so a refused room leaves no session and no job behind.
 */
export async function openSession(ctx: CallContext, rep: Rep, repUser: IUser, content: RelayContent): Promise<void> {
    const department = await configuredDepartment(ctx, rep);
    if (!department) {
        return;
    }
    let visitor: IVisitor | undefined;
    let room: ILivechatRoom;
    try {
        visitor = await ctx.modify.getCreator().getLivechatCreator().createAndReturnVisitor({
            token: rep.token,
            username: `shiftlink-${repUser.username}`,
            name: repUser.name || repUser.username,
            department: department.id,
        });
        if (!visitor) {
            throw new Error('the server returned no visitor');
        }
        // The agent is optional on the server (routing picks one); the type predates that.
        room = await ctx.modify.getCreator().getLivechatCreator().createRoom(visitor, undefined as unknown as IUser, {
            customFields: { shiftlinkRepId: rep.repId },
        });
    } catch (error) {
        await tellRepRoomFailed(ctx, rep, department, error);
        return;
    }

    const policy = await idlePolicy(ctx.read);
    const openedAt = new Date();
    let session: Session = {
        repId: rep.repId,
        language: rep.language,
        dmRoom: rep.dmRoom,
        roomId: room.id,
        departmentId: department.id,
        visitor,
        openedAt: openedAt.getTime(),
    };
    session = await armIdleCheck(ctx, session, firstCheckAt(policy, openedAt));
    ctx.logger.info(`session opened: room ${room.id}, rep ${rep.repId}, department ${department.id}`);

    const winner = await winningSession(ctx, rep, session);
    // Re-read even our own new room: an agent may already have closed it, and a visitor message into a
    // closed room would make the server open another one behind ShiftLink's back.
    const target = (await ctx.read.getRoomReader().getById(winner.roomId)) as ILivechatRoom | undefined;
    if (!target?.isOpen) {
        ctx.logger.info(`room ${winner.roomId} closed before the first message of rep ${rep.repId} was posted`);
        await endSession(ctx, winner);
        await tellRep(ctx, rep, 'delivery_failed');
        return;
    }
    await postAsVisitor(ctx, winner, target, content);
}
