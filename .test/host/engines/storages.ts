import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import type { IAppLogStorageFindOptions, IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';

import type { ModelPort } from '../model/port';
import { HostLogStorage, HostMetadataStorage } from '../storage/storages';

// The storages the engine runs with: the host's (storage/storages.ts, the 1.5x/1.6x API) plus the methods
// 1.46 calls instead. Newer engines never call these, so one class serves every engine.

export class EngineMetadataStorage extends HostMetadataStorage {
    constructor(private readonly model: ModelPort) {
        super(model);
    }

    /**
     * 1.46 writes every change (status, settings, permissions) as one `update(item)`. RC 6.x's
     * AppRealStorage.update (apps/meteor/ee/server/apps/storage/AppRealStorage.ts) `$set`s the whole item,
     * unsets permissionsGranted when the item has none, and returns the stored document.
     */
    update(item: IAppStorageItem): Promise<IAppStorageItem> {
        return this.model.apps.updatePartial(item, !item.permissionsGranted);
    }
}

export class EngineLogStorage extends HostLogStorage {
    constructor(private readonly model: ModelPort) {
        super(model);
    }

    /** 1.46 reads logs with `find` (RC 6.x AppRealLogStorage.find: the matching entries, no total). */
    async find(query: { [field: string]: unknown }, options?: IAppLogStorageFindOptions): Promise<ILoggerStorageEntry[]> {
        return (await this.model.logs.findPaginated(query, options)).logs;
    }
}
