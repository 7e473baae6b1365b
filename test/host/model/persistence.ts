import { newId } from './ids';

/** An association as it reaches the bridge: the engine's Association, serialized. */
export interface Association {
    model: string;
    id: string;
}

interface PersistenceRecord {
    id: string;
    appId: string;
    associations: Association[];
    data: object;
}

const key = (a: Association): string => `${a.model}:${a.id}`;

/**
 * RC's apps persistence collection: `{ appId, associations[], data }` records, no transactions, no
 * compare-and-set. Semantics follow the Mongo queries RC's persistence bridge runs.
 */
export class PersistenceStore {
    private readonly records = new Map<string, PersistenceRecord>();

    create(appId: string, data: object, associations: Association[] = []): string {
        const record: PersistenceRecord = { id: newId(), appId, associations: structuredClone(associations), data: structuredClone(data) };
        this.records.set(record.id, record);
        return record.id;
    }

    readById(appId: string, id: string): object | undefined {
        const record = this.records.get(id);
        return record && record.appId === appId ? structuredClone(record.data) : undefined;
    }

    /** `{ associations: { $all: [...] } }`: records holding every given association, in any order. */
    readByAssociations(appId: string, associations: Association[]): object[] {
        return this.matchAll(appId, associations).map((r) => structuredClone(r.data));
    }

    remove(appId: string, id: string): object | undefined {
        const record = this.records.get(id);
        if (!record || record.appId !== appId) {
            return undefined;
        }
        this.records.delete(id);
        return record.data;
    }

    /** Deletes and returns every record matched like readByAssociations (undefined when none). */
    removeByAssociations(appId: string, associations: Association[]): object[] | undefined {
        const matched = this.matchAll(appId, associations);
        matched.forEach((r) => this.records.delete(r.id));
        return matched.length ? matched.map((r) => r.data) : undefined;
    }

    update(appId: string, id: string, data: object, upsert: boolean): string {
        const record = this.records.get(id);
        if (record && record.appId === appId) {
            record.data = structuredClone(data);
            return id;
        }
        if (!upsert) {
            throw new Error(`No persistence record with id ${id}`);
        }
        this.records.set(id, { id, appId, associations: [], data: structuredClone(data) });
        return id;
    }

    /**
     * `update({ appId, associations }, { $set: { data } }, { upsert })`: an exact match of the association
     * array (same order, as Mongo compares arrays); the first such record gets the new data.
     */
    updateByAssociations(appId: string, associations: Association[], data: object, upsert: boolean): string | undefined {
        const wanted = associations.map(key).join('|');
        const record = [...this.records.values()].find((r) => r.appId === appId && r.associations.map(key).join('|') === wanted);
        if (record) {
            record.data = structuredClone(data);
            return record.id;
        }
        return upsert ? this.create(appId, data, associations) : undefined;
    }

    purge(appId: string): void {
        [...this.records.values()].filter((r) => r.appId === appId).forEach((r) => this.records.delete(r.id));
    }

    /** Every record of an app (tests inspect what the app stored). */
    all(appId: string): Array<{ id: string; associations: Association[]; data: object }> {
        return [...this.records.values()].filter((r) => r.appId === appId).map((r) => structuredClone({ id: r.id, associations: r.associations, data: r.data }));
    }

    private matchAll(appId: string, associations: Association[]): PersistenceRecord[] {
        const wanted = associations.map(key);
        if (wanted.length === 0) {
            return []; // Mongo's `$all: []` matches nothing
        }
        return [...this.records.values()].filter((r) => {
            if (r.appId !== appId) {
                return false;
            }
            const keys = new Set(r.associations.map(key));
            return wanted.every((k) => keys.has(k));
        });
    }
}
