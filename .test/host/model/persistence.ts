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

/** A Mongo round trip in real ms: 2, or HOST_ROUND_TRIP_MS to widen every race window (stress runs). */
export function defaultRoundTripMs(): number {
    const fromEnv = Number(process.env.HOST_ROUND_TRIP_MS);
    return Number.isFinite(fromEnv) && fromEnv >= 0 ? fromEnv : 2;
}

/** Timing of RC's two-round-trip operations (find, then write), see PersistenceStore. */
export interface PersistenceTiming {
    /**
     * Real ms between the find and the write of a read-then-write operation (a Mongo round trip). Other
     * calls run in between, so concurrent callers interleave as they do on a server. 0 still yields a macrotask.
     */
    roundTripMs: number;
}

/**
 * RC's apps persistence collection: `{ appId, associations[], data }` records, no transactions, no
 * compare-and-set. Semantics follow the Mongo queries RC's persistence bridge runs. Like RC's index on
 * `associations`, an index by association keeps a lookup independent of how many records there are
 * (the benchmark measures the app at 10,000 sessions, not a collection scan of the model).
 */
export class PersistenceStore {
    readonly timing: PersistenceTiming = { roundTripMs: defaultRoundTripMs() };
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

    /** RC: `findOne({ _id, appId })`, then, in another round trip, `remove({ _id, appId })`. */
    async remove(appId: string, id: string): Promise<object | undefined> {
        const record = this.records.get(id);
        if (!record || record.appId !== appId) {
            return undefined;
        }
        const found = structuredClone(record.data);
        await this.roundTrip();
        const current = this.records.get(id);
        if (current && current.appId === appId) {
            this.delete(current);
        }
        return found;
    }

    /**
     * RC: `find({ appId, associations: { $all } })`, then, in another round trip, `deleteMany` with the same
     * query. No transaction: concurrent removers all get the records they found (each "removed" them), and
     * the deleteMany also deletes matching records created between the two steps.
     */
    async removeByAssociations(appId: string, associations: Association[]): Promise<object[] | undefined> {
        const found = this.matchAll(appId, associations).map((r) => structuredClone(r.data));
        if (!found.length) {
            return undefined;
        }
        await this.roundTrip();
        this.matchAll(appId, associations).forEach((r) => this.delete(r));
        return found;
    }

    /** RC's bridge `update(id)` throws "Not implemented." (after checking that data is an object). */
    update(_appId: string, _id: string, data: object, _upsert: boolean): string {
        if (typeof data !== 'object') {
            throw new Error('Attempted to store an invalid data type, it must be an object.');
        }
        throw new Error('Not implemented.');
    }

    /**
     * RC: one `updateOne({ appId, associations }, { $set: { data } }, { upsert })`: an exact match of the
     * association array (same order, as Mongo compares arrays); the first such record gets the new data,
     * atomically. Returns the `upsertedId` or '' (RC returns '' when an existing record was updated). The
     * collection has no unique index, so concurrent upserts that all miss each insert a record: the miss
     * and the insert are modelled as two steps that other calls can run between.
     */
    async updateByAssociations(appId: string, associations: Association[], data: object, upsert: boolean): Promise<string> {
        const record = this.exactMatch(appId, associations);
        if (record) {
            record.data = structuredClone(data);
            return '';
        }
        if (!upsert) {
            return '';
        }
        await this.roundTrip();
        return this.create(appId, data, associations);
    }

    /** Test setup: upserts `data` under the exact association array at once (no round trip). */
    put(appId: string, associations: Association[], data: object): void {
        const record = this.exactMatch(appId, associations);
        if (record) {
            record.data = structuredClone(data);
        } else {
            this.create(appId, data, associations);
        }
    }

    /** Test setup: deletes the records matching all `associations` at once (another instance's remove, landed). */
    drop(appId: string, associations: Association[]): number {
        const matched = this.matchAll(appId, associations);
        matched.forEach((r) => this.delete(r));
        return matched.length;
    }

    purge(appId: string): void {
        [...this.records.values()].filter((r) => r.appId === appId).forEach((r) => this.delete(r));
    }

    /** Every record of an app (tests inspect what the app stored). */
    all(appId: string): Array<{ id: string; associations: Association[]; data: object }> {
        return [...this.records.values()]
            .filter((r) => r.appId === appId)
            .map((r) => structuredClone({ id: r.id, associations: r.associations, data: r.data }));
    }

    private exactMatch(appId: string, associations: Association[]): PersistenceRecord | undefined {
        const wanted = associations.map(key).join('|');
        return this.candidates(associations.map(key)).find((r) => r.appId === appId && r.associations.map(key).join('|') === wanted);
    }

    private roundTrip(): Promise<void> {
        const ms = this.timing.roundTripMs;
        return new Promise((resolve) => (ms > 0 ? setTimeout(resolve, ms) : setImmediate(resolve)));
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
