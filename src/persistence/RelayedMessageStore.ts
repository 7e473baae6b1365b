import { IPersistence, IPersistenceRead } from '@rocket.chat/apps-engine/definition/accessors';
import { relayedKey, relayedOfRep } from './associations';

/**
 * Message ids the endpoints have relayed, per rep. Webhook senders retry (on 5xx and time-outs), so
 * each id is relayed at most once; the markers go when the rep's session ends.
 */
export class RelayedMessageStore {
    constructor(private readonly reader: IPersistenceRead) {}

    /** True when this id was not relayed before; it is marked from now on. */
    public async claim(persistence: IPersistence, repId: string, messageId: string): Promise<boolean> {
        if ((await this.reader.readByAssociations(relayedKey(repId, messageId))).length > 0) {
            return false;
        }
        await persistence.updateByAssociations(relayedKey(repId, messageId), { messageId }, true);
        return true;
    }

    /** A relay that failed gives its id back, so the sender's retry can deliver it. */
    public async release(persistence: IPersistence, repId: string, messageId: string): Promise<void> {
        await persistence.removeByAssociations(relayedKey(repId, messageId));
    }

    public async forgetRep(persistence: IPersistence, repId: string): Promise<void> {
        await persistence.removeByAssociations(relayedOfRep(repId));
    }
}
