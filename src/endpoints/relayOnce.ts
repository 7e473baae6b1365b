import { CallContext } from '../lib/context';
import { RelayedMessageStore } from '../persistence/RelayedMessageStore';

/** Relays a webhook message unless its id was relayed already; returns whether it relayed now. */
export async function relayOnce(ctx: CallContext, repId: string, messageId: string, relay: () => Promise<void>): Promise<boolean> {
    const relayed = new RelayedMessageStore(ctx.read.getPersistenceReader());
    if (!(await relayed.claim(ctx.persistence, repId, messageId))) {
        ctx.logger.debug(`message ${messageId} of rep ${repId} was relayed before; ignored`);
        return false;
    }
    try {
        await relay();
        return true;
    } catch (error) {
        await relayed.release(ctx.persistence, repId, messageId);
        throw error;
    }
}
