import type { IAppStorageItem } from '@rocket.chat/apps-engine/server/storage';

/**
 * What RC keeps in its `apps` collection and GridFS: each installed app's storage item (status, settings,
 * permissions, signature) and its package. Shared by every engine over the model, like RC's database.
 */
export class AppsStore {
    private readonly items = new Map<string, IAppStorageItem>();
    private readonly packages = new Map<string, Buffer>();

    create(item: IAppStorageItem): IAppStorageItem {
        if (this.items.has(item.id)) {
            throw new Error(`App ${item.id} is already installed`);
        }
        const stored = { ...structuredClone(item), _id: item.id, createdAt: new Date(), updatedAt: new Date() };
        this.items.set(item.id, stored);
        return structuredClone(stored);
    }

    retrieveOne(id: string): IAppStorageItem | null {
        const item = this.items.get(id);
        return item ? structuredClone(item) : null;
    }

    retrieveAll(): IAppStorageItem[] {
        return [...this.items.values()].map((i) => structuredClone(i));
    }

    remove(id: string): { success: boolean } {
        return { success: this.items.delete(id) };
    }

    /** Merges the given fields into the stored item (matched by `_id` or `id`) and returns it. */
    updatePartial(item: Partial<IAppStorageItem>, unsetPermissionsGranted = false): IAppStorageItem {
        const id = (item._id || item.id)!;
        const stored = this.items.get(id);
        if (!stored) {
            throw new Error(`No app ${id} in storage`);
        }
        Object.assign(stored, structuredClone(item), { updatedAt: new Date() });
        if (unsetPermissionsGranted) {
            delete stored.permissionsGranted;
        }
        return structuredClone(stored);
    }

    update(id: string, changes: Partial<IAppStorageItem>): boolean {
        if (!this.items.has(id)) {
            return false;
        }
        this.updatePartial({ ...changes, _id: id });
        return true;
    }

    storePackage(id: string, zip: Buffer | Uint8Array): string {
        // Over IPC a Buffer arrives as a plain Uint8Array.
        this.packages.set(id, Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength));
        return `memory://apps/${id}`;
    }

    /** A Uint8Array: that is also what a Buffer becomes when it crosses IPC. */
    fetchPackage(id: string): Uint8Array {
        const zip = this.packages.get(id);
        if (!zip) {
            throw new Error(`No package stored for app ${id}`);
        }
        return new Uint8Array(zip.buffer, zip.byteOffset, zip.byteLength);
    }

    removePackage(id: string): void {
        this.packages.delete(id);
    }
}
