import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { newVisitorToken } from '../lib/token';
import { REP, repById, repByToken, repKey } from './associations';

/** Where and in which language ShiftLink talks to a rep: ids and scalars only. */
export interface Recipient {
    repId: string;
    language: string;
    /** The rep's DM with the bot. */
    dmRoomId: string;
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

    public async all(): Promise<Array<Rep>> {
        return (await this.reader.readByAssociations([REP])) as Array<Rep>;
    }

    /**
     * Returns the rep's stored identity, issuing a token the first time. Without compare-and-set, two
     * instances may both issue one: re-reading after the write makes both adopt whichever record survived.
     */
    public async register(persistence: IPersistence, rep: Recipient): Promise<Rep> {
        const known = await this.byId(rep.repId);
        if (known) {
            if (known.dmRoomId !== rep.dmRoomId || known.language !== rep.language) {
                const refreshed: Rep = { ...known, dmRoomId: rep.dmRoomId, language: rep.language };
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
