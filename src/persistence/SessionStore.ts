import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IVisitor } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { Recipient } from './RepStore';
import { SESSION, sessionKey, sessionOfRoom, sessionsOfRep } from './associations';

export enum EndReason {
    Idle = 'idle',
    Rep = 'rep',
}

/** One open conversation: a rep's DM bridged to one livechat room. Times are epoch milliseconds. */
export interface Session extends Recipient {
    roomId: string;
    departmentId: string;
    /** The rep as the server's visitor: what ShiftLink posts as in the livechat room. */
    visitor: IVisitor;
    /** The app's bot user, the sender of relayed answers (saves looking it up for every message). */
    appUser: IUser;
    openedAt: number;
    /** The one pending idle-check job; a job whose id differs is stale and does nothing. */
    jobId?: string;
    /** The last-activity time a warning was sent for, so one silence is warned about once. */
    warnedFor?: number;
    /** Set just before ShiftLink closes the room itself, so the close event tells the rep why. */
    ending?: EndReason;
}

export class SessionStore {
    constructor(private readonly reader: IPersistenceRead) {}

    public async ofRep(repId: string): Promise<Array<Session>> {
        return (await this.reader.readByAssociations(sessionsOfRep(repId))) as Array<Session>;
    }

    public async ofRoom(roomId: string): Promise<Session | undefined> {
        const [session] = (await this.reader.readByAssociations(sessionOfRoom(roomId))) as Array<Session>;
        return session;
    }

    public async all(): Promise<Array<Session>> {
        return (await this.reader.readByAssociations([SESSION])) as Array<Session>;
    }

    public async create(persistence: IPersistence, session: Session): Promise<void> {
        await persistence.updateByAssociations(sessionKey(session.repId, session.roomId), session, true);
    }

    /**
     * Never an upsert: a close event on another instance may have removed the record since it was read,
     * and writing it back would revive a session whose room is closed (and tell its rep goodbye twice).
     */
    public async update(persistence: IPersistence, session: Session): Promise<void> {
        await persistence.updateByAssociations(sessionKey(session.repId, session.roomId), session, false);
    }

    /** True only for the caller that actually removed the record: that caller owns the goodbye. */
    public async remove(persistence: IPersistence, session: Session): Promise<boolean> {
        const removed = await persistence.removeByAssociations(sessionKey(session.repId, session.roomId));
        return Array.isArray(removed) && removed.length > 0;
    }
}
