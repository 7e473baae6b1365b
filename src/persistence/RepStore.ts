import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IRoom } from '@rocket.chat/apps-engine/definition/rooms';
import { newVisitorToken } from '../lib/token';
import { repById, repByToken, repKey } from './associations';

/** Where and in which language ShiftLink talks to a rep. */
export interface Recipient {
    repId: string;
    language: string;
    /** The rep's DM with the bot, as the server gave it. */
    dmRoom: IRoom;
}

/** A representative as ShiftLink knows them: their visitor token (issued once, reused) and their DM with the bot. */
export interface Rep extends Recipient {
    token: string;
}

export class RepStore {
    constructor(private readonly reader: IPersistenceRead) {}

    public async byId(repId: string): Promise<Rep | undefined> {
        return first(await this.reader.readByAssociations(repById(repId)));
    }

    public async byToken(token: string): Promise<Rep | undefined> {
        return first(await this.reader.readByAssociations(repByToken(token)));
    }

    /**
     * Returns the rep's stored identity, issuing a token the first time. Without compare-and-set, two
     * instances may both issue one: re-reading after the write makes both adopt whichever record survived.
     */
    public async register(persistence: IPersistence, rep: Omit<Rep, 'token'>): Promise<Rep> {
        const known = await this.byId(rep.repId);
        if (known) {
            if (known.dmRoom.id !== rep.dmRoom.id || known.language !== rep.language) {
                const refreshed = { ...known, dmRoom: rep.dmRoom, language: rep.language };
                await persistence.updateByAssociations(repKey(rep.repId, known.token), refreshed, true);
                return refreshed;
            }
            return known;
        }
        const created: Rep = { ...rep, token: newVisitorToken() };
        await persistence.updateByAssociations(repKey(rep.repId, created.token), created, true);
        return (await this.byId(rep.repId)) ?? created;
    }
}

function first<T>(records: Array<object>): T | undefined {
    return records[0] as T | undefined;
}
