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
 * compare-and-set. Semantics follow the Mongo queries RC's persistence bridge runs. Like RC's index on
 * `associations`, an index by association keeps a lookup independent of how many records there are
 * (the benchmark measures the app at 10,000 sessions, not a collection scan of the model).
 */
export class PersistenceStore {
    private readonly records = new Map<string, PersistenceRecord>();
    /** Record ids per association key, in insertion order. */
    private readonly index = new Map<string, Set<string>>();

    create(appId: string, data: object, associations: Association[] = []): string {
        const record: PersistenceRecord = { id: newId(), appId, associations: structuredClone(associations), data: structuredClone(data) };
        this.insert(record);
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
        this.delete(record);
        return record.data;
    }

    /** Deletes and returns every record matched like readByAssociations (undefined when none). */
    removeByAssociations(appId: string, associations: Association[]): object[] | undefined {
        const matched = this.matchAll(appId, associations);
        matched.forEach((r) => this.delete(r));
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
        this.insert({ id, appId, associations: [], data: structuredClone(data) });
        return id;
    }

    /**
     * `update({ appId, associations }, { $set: { data } }, { upsert })`: an exact match of the association
     * array (same order, as Mongo compares arrays); the first such record gets the new data.
     */
    updateByAssociations(appId: string, associations: Association[], data: object, upsert: boolean): string | undefined {
        const wanted = associations.map(key).join('|');
        const record = this.candidates(associations.map(key)).find((r) => r.appId === appId && r.associations.map(key).join('|') === wanted);
        if (record) {
            record.data = structuredClone(data);
            return record.id;
        }
        return upsert ? this.create(appId, data, associations) : undefined;
    }

    purge(appId: string): void {
        [...this.records.values()].filter((r) => r.appId === appId).forEach((r) => this.delete(r));
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
        return this.candidates(wanted).filter((r) => {
            if (r.appId !== appId) {
                return false;
            }
            const keys = new Set(r.associations.map(key));
            return wanted.every((k) => keys.has(k));
        });
    }

    /** Records holding the rarest of `keys` (all records when no key is given), in insertion order. */
    private candidates(keys: string[]): PersistenceRecord[] {
        if (keys.length === 0) {
            return [...this.records.values()];
        }
        const sets = keys.map((k) => this.index.get(k));
        if (sets.some((ids) => !ids)) {
            return [];
        }
        const rarest = (sets as Array<Set<string>>).reduce((a, b) => (b.size < a.size ? b : a));
        return [...rarest].map((id) => this.records.get(id)!);
    }

    private insert(record: PersistenceRecord): void {
        this.records.set(record.id, record);
        for (const k of new Set(record.associations.map(key))) {
            const ids = this.index.get(k) ?? new Set<string>();
            ids.add(record.id);
            this.index.set(k, ids);
        }
    }

    private delete(record: PersistenceRecord): void {
        this.records.delete(record.id);
        for (const k of new Set(record.associations.map(key))) {
            const ids = this.index.get(k);
            ids?.delete(record.id);
            if (ids?.size === 0) {
                this.index.delete(k);
            }
        }
    }
}
