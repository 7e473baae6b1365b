import type { AppStatus } from '@rocket.chat/apps-engine/definition/AppStatus';
import type { IAppInfo } from '@rocket.chat/apps-engine/definition/metadata';
import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';
import type { IMarketplaceInfo } from '@rocket.chat/apps-engine/server/marketplace';
import { AppLogStorage, AppMetadataStorage, AppSourceStorage } from '@rocket.chat/apps-engine/server/storage';
import type { IAppLogStorageFindOptions, IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';

import type { ModelPort } from '../model/port';

// The engine's storages over the model's `apps` and `logs` stores: what RC keeps in MongoDB, so a
// restarted engine, or a second instance, finds the installed app, its settings and its logs.

export class HostMetadataStorage extends AppMetadataStorage {
    constructor(private readonly port: ModelPort) {
        super('memory');
    }

    /**
     * RC's AppRealStorage.create (ee/server/apps/storage/AppRealStorage.ts) stamps the item it is given and
     * returns that same object, not a copy: the engine goes on using it (1.57's runtime reads its status
     * when it restarts a crashed app process).
     */
    async create(item: IAppStorageItem): Promise<IAppStorageItem> {
        const stored = await this.port.apps.create(item);
        return Object.assign(item, { _id: stored._id, createdAt: stored.createdAt, updatedAt: stored.updatedAt });
    }

    retrieveOne(id: string): Promise<IAppStorageItem | null> {
        return this.port.apps.retrieveOne(id);
    }

    async retrieveAll(): Promise<Map<string, IAppStorageItem>> {
        return new Map((await this.port.apps.retrieveAll()).map((item) => [item.id, item]));
    }

    async retrieveAllPrivate(): Promise<Map<string, IAppStorageItem>> {
        return new Map(
            (await this.port.apps.retrieveAll()).filter((item) => item.installationSource === 'private').map((item) => [item.id, item]),
        );
    }

    remove(id: string): Promise<{ success: boolean }> {
        return this.port.apps.remove(id);
    }

    updatePartialAndReturnDocument(
        item: Partial<IAppStorageItem>,
        options?: { unsetPermissionsGranted?: boolean },
    ): Promise<IAppStorageItem> {
        return this.port.apps.updatePartial(item, options?.unsetPermissionsGranted);
    }

    updateStatus(id: string, status: AppStatus): Promise<boolean> {
        return this.port.apps.update(id, { status });
    }

    async updateSetting(id: string, setting: ISetting): Promise<boolean> {
        const item = await this.port.apps.retrieveOne(id);
        return !!item && this.port.apps.update(id, { settings: { ...item.settings, [setting.id]: setting } });
    }

    updateAppInfo(id: string, info: IAppInfo): Promise<boolean> {
        return this.port.apps.update(id, { info });
    }

    updateMarketplaceInfo(id: string, marketplaceInfo: IMarketplaceInfo[]): Promise<boolean> {
        return this.port.apps.update(id, { marketplaceInfo });
    }
}

export class HostSourceStorage extends AppSourceStorage {
    constructor(private readonly port: ModelPort) {
        super();
    }

    store(item: IAppStorageItem, zip: Buffer): Promise<string> {
        return this.port.apps.storePackage(item.id, zip);
    }

    async fetch(item: IAppStorageItem): Promise<Buffer> {
        const zip = await this.port.apps.fetchPackage(item.id);
        return Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
    }

    update(item: IAppStorageItem, zip: Buffer): Promise<string> {
        return this.port.apps.storePackage(item.id, zip);
    }

    remove(item: IAppStorageItem): Promise<void> {
        return this.port.apps.removePackage(item.id);
    }
}

export class HostLogStorage extends AppLogStorage {
    constructor(private readonly port: ModelPort) {
        super('memory');
    }

    findPaginated(
        query: { [field: string]: unknown },
        options?: IAppLogStorageFindOptions,
    ): Promise<{ logs: ILoggerStorageEntry[]; total: number }> {
        return this.port.logs.findPaginated(query, options);
    }

    storeEntries(entry: ILoggerStorageEntry): Promise<ILoggerStorageEntry> {
        return this.port.logs.store(entry);
    }

    getEntriesFor(appId: string): Promise<ILoggerStorageEntry[]> {
        return this.port.logs.entriesFor(appId);
    }

    removeEntriesFor(appId: string): Promise<void> {
        return this.port.logs.removeFor(appId);
    }
}
