import { IDepartment, ILivechatRoom, IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { ROOM_REP_FIELD } from '../config/ids';
import { stringSetting } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { translate } from '../lib/i18n';
import { Rep } from '../persistence/RepStore';
import { SessionStore } from '../persistence/SessionStore';
import { RelayContent } from '../relay/content';
import { postAsVisitor } from '../relay/postAsVisitor';
import { tellRep } from '../relay/repNotices';
import { keepEarliestSession, openTarget } from './duplicateRooms';
import { closeRoomAsApp, managerLanguage, readLivechatRoom } from './livechatRooms';
import { endSession } from './endSession';
import { discardSession, recordSession } from './newSession';

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
 * Opens a session for a rep with no open one and delivers `content` as its first message. Nothing is
 * stored before the room exists, so a refused room leaves no session and no job behind.
 */
export async function openSession(ctx: CallContext, rep: Rep, repUser: IUser, content: RelayContent): Promise<void> {
    const department = await configuredDepartment(ctx, rep);
    if (!department) {
        return;
    }
    let visitor: IVisitor;
    let room: ILivechatRoom;
    try {
        const created = await ctx.modify.getCreator().getLivechatCreator().createAndReturnVisitor({
            token: rep.token,
            username: `shiftlink-${repUser.username}`,
            name: repUser.name || repUser.username,
            department: department.id,
        });
        if (!created) {
            throw new Error('the server returned no visitor');
        }
        visitor = created;
        // The agent is optional on the server (routing picks one); the type predates that.
        room = await ctx.modify.getCreator().getLivechatCreator().createRoom(visitor, undefined as unknown as IUser, {
            customFields: { [ROOM_REP_FIELD]: rep.repId },
        });
    } catch (error) {
        await tellRepRoomFailed(ctx, rep, department, error);
        return;
    }

    try {
        await deliverFirstMessage(ctx, rep, room, department, visitor, content);
    } catch (error) {
        ctx.logger.error(`session of rep ${rep.repId} failed after room ${room.id} was opened: ${errorText(error)}`);
        await abandonRoom(ctx, rep, room);
    }
}

async function deliverFirstMessage(ctx: CallContext, rep: Rep, room: ILivechatRoom, department: IDepartment, visitor: IVisitor, content: RelayContent): Promise<void> {
    const session = await recordSession(ctx, rep, room, visitor, department.id);
    ctx.logger.info(`session opened: room ${room.id}, rep ${rep.repId}, department ${department.id}`);

    const target = await openTarget(ctx, await keepEarliestSession(ctx, rep, session));
    if (!target) {
        ctx.logger.info(`room ${session.roomId} closed before the first message of rep ${rep.repId} was posted`);
        await endSession(ctx, session);
        await tellRep(ctx, rep, 'delivery_failed');
        return;
    }
    await postAsVisitor(ctx, target.session, target.room, content);
}

/** Nothing half-created stays behind: a room whose session could not be set up is closed again. */
async function abandonRoom(ctx: CallContext, rep: Rep, room: ILivechatRoom): Promise<void> {
    try {
        const stored = await new SessionStore(ctx.read.getPersistenceReader()).ofRoom(room.id);
        if (stored) {
            await discardSession(ctx, stored);
        }
        const current = await readLivechatRoom(ctx, room.id);
        if (current?.isOpen) {
            await closeRoomAsApp(ctx, current, translate(managerLanguage(current), 'setup_failed_comment'));
        }
    } catch (error) {
        ctx.logger.error(`could not clean up room ${room.id} of rep ${rep.repId}: ${errorText(error)}`);
    }
    await tellRep(ctx, rep, 'delivery_failed');
}
