import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { stringSetting } from '../config/readSettings';
import { SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { errorText } from '../lib/errors';
import { languageOf } from '../lib/i18n';
import { RepStore } from '../persistence/RepStore';
import { Session } from '../persistence/SessionStore';
import { endSession } from '../session/endSession';
import { openSession } from '../session/openSession';
import { readLivechatRoom } from '../session/livechatRooms';
import { RelayContent } from './content';
import { postAsVisitor } from './postAsVisitor';
import { tellRep } from './repNotices';

/**
 * A rep wrote (in the bot DM, or through the outgoing webhook); `sessions` are the rep's, as just read.
 * Steady state costs three bridge calls: the session, the room (it may have closed behind our back), the post.
 */
export async function relayRepMessage(ctx: CallContext, repUser: IUser, dmRoom: IRoom, content: RelayContent, sessions: Array<Session>): Promise<void> {
    // Normally one session; more only for a moment (a closed room whose close event is still on its way).
    for (const session of sessions) {
        const room = await readLivechatRoom(ctx, session.roomId);
        // A visitor message into a closed room makes the server silently open a new one: never post there.
        if (room?.isOpen) {
            await postAsVisitor(ctx, session, room, content);
            ctx.logger.debug(`relayed rep ${repUser.id} -> room ${room.id}`);
            return;
        }
        ctx.logger.info(`room ${session.roomId} was closed behind ShiftLink's back; session of rep ${repUser.id} ended`);
        await endSession(ctx, session);
    }
    await startSession(ctx, repUser, dmRoom, content);
}

async function startSession(ctx: CallContext, repUser: IUser, dmRoom: IRoom, content: RelayContent): Promise<void> {
    const recipient = { repId: repUser.id, language: languageOf(repUser), dmRoom };
    const allowedRole = (await stringSetting(ctx.read, SettingId.AllowedRole)).trim();
    if (allowedRole !== '' && !(repUser.roles ?? []).includes(allowedRole)) {
        // Checked before anything is stored: a refused user leaves no record behind.
        ctx.logger.info(`user ${repUser.id} lacks role ${allowedRole}; no session opened`);
        await tellRep(ctx, recipient, 'not_allowed');
        return;
    }
    const rep = await new RepStore(ctx.read.getPersistenceReader()).register(ctx.persistence, recipient);
    try {
        await openSession(ctx, rep, repUser, content);
    } catch (error) {
        ctx.logger.error(`could not open a session for rep ${repUser.id}: ${errorText(error)}`);
        await tellRep(ctx, rep, 'delivery_failed');
    }
}
