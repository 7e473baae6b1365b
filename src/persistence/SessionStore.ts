import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { Recipient } from './RepStore';
import { SESSION, sessionKey, sessionOfRoom, sessionsOfRep } from './associations';

/** The rep as the server's visitor: what ShiftLink posts as in the livechat room. */
export interface VisitorRef {
    id: string;
    token: string;
    username: string;
    name?: string;
}

/**
 * One open conversation: a rep's DM bridged to one livechat room. Written once when the session opens and
 * removed when it ends, never rewritten: what changes during a session (its job, its warning, why it ends)
 * lives in SessionConcerns, one record per concern. Times are epoch milliseconds.
 */
export interface Session extends Recipient {
    roomId: string;
    departmentId: string;
    visitor: VisitorRef;
    openedAt: number;
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

    /** Only the lifecycle's open and adopt write this; the same room always gets the same content. */
    public async create(persistence: IPersistence, session: Session): Promise<void> {
        await persistence.updateByAssociations(sessionKey(session.repId, session.roomId), session, true);
    }

    /**
     * True when a record came back. The server's remove is a find then a delete with no transaction, so two
     * concurrent callers may both get it: this is not a "once" guarantee (the goodbye's message id is).
     */
    public async remove(persistence: IPersistence, session: Pick<Session, 'repId' | 'roomId'>): Promise<boolean> {
        const removed = await persistence.removeByAssociations(sessionKey(session.repId, session.roomId));
        return Array.isArray(removed) && removed.length > 0;
    }
}
