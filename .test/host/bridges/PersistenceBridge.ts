import type { RocketChatAssociationRecord } from '@rocket.chat/apps-engine/definition/metadata';
import { PersistenceBridge } from '@rocket.chat/apps-engine/server/bridges';

import type { Association } from '../model/persistence';

import type { BridgeCategory } from '../model/counters';
import type { HostContext } from './context';

export const persistenceCategory = (method: string): BridgeCategory => (method.startsWith('read') ? 'persistenceRead' : 'persistenceWrite');

/** RC's AppPersistenceBridge: one collection of `{ appId, associations, data }`; semantics in PersistenceStore. */
// The records arrive serialized from the Deno process: plain { model, id } objects.
const plain = (associations: RocketChatAssociationRecord[]): Association[] => associations as unknown as Association[];

export class HostPersistenceBridge extends PersistenceBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async purge(appId: string): Promise<void> {
        await this.ctx.port.persistence.purge(appId);
    }

    protected async create(data: object, appId: string): Promise<string> {
        return this.ctx.port.persistence.create(appId, data);
    }

    protected async createWithAssociations(data: object, associations: RocketChatAssociationRecord[], appId: string): Promise<string> {
        return this.ctx.port.persistence.create(appId, data, plain(associations));
    }

    protected async readById(id: string, appId: string): Promise<object> {
        return (await this.ctx.port.persistence.readById(appId, id)) as object;
    }

    protected async readByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[]> {
        return this.ctx.port.persistence.readByAssociations(appId, plain(associations));
    }

    protected async remove(id: string, appId: string): Promise<object | undefined> {
        return this.ctx.port.persistence.remove(appId, id);
    }

    protected async removeByAssociations(associations: RocketChatAssociationRecord[], appId: string): Promise<object[] | undefined> {
        return this.ctx.port.persistence.removeByAssociations(appId, plain(associations));
    }

    protected async update(id: string, data: object, upsert: boolean, appId: string): Promise<string> {
        return this.ctx.port.persistence.update(appId, id, data, upsert);
    }

    protected async updateByAssociations(
        associations: RocketChatAssociationRecord[],
        data: object,
        upsert: boolean,
        appId: string,
    ): Promise<string> {
        return (await this.ctx.port.persistence.updateByAssociations(appId, plain(associations), data, upsert)) as string;
    }
}
