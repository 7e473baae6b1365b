// Moves a group of sessions out of the modelled server and back, so one process can alternate between
// 10 and 10,000 open sessions (the benchmark's interleaved scale rounds) in a few milliseconds.
//
// The model's stores keep their state in Maps (records by id, indexes by key whose values are Sets or
// Maps). A group is what a piece of scene-setting added to them: new entries, and new members of the
// index entries that existed before. Detaching removes exactly those; attaching puts them back. The
// maps are found by walking the data stores' own fields, so an index added later is covered too.
import type { ServerModel } from '../host';

type AnyMap = Map<unknown, unknown>;
type Container = Set<unknown> | AnyMap;

interface KeySnapshot {
    keys: Map<AnyMap, Set<unknown>>;
    members: Map<Container, Set<unknown>>;
}

export interface StashGroup {
    /** Entries added to each store map. */
    entries: Array<[AnyMap, unknown]>;
    /** Members added to an index entry that existed before (a Set member, or a key of a nested Map). */
    members: Array<[Container, unknown]>;
    detached?: { entries: unknown[]; members: unknown[] };
}

export class ModelStash {
    private readonly maps: AnyMap[];

    constructor(model: ServerModel) {
        // The server's data, not the host's instruments (counters, journals, clock).
        const owners = [model.collections, model.users, model.rooms, model.livechat, model.persistence, model.scheduler];
        const maps = new Set<AnyMap>();
        for (const owner of owners) {
            for (const value of Object.values(owner as object)) {
                if (value instanceof Map) {
                    maps.add(value);
                }
            }
        }
        this.maps = [...maps];
    }

    /** Runs `setScene` and returns what it added, attached. */
    group(setScene: () => void): StashGroup {
        const before = this.snapshot();
        setScene();
        const group: StashGroup = { entries: [], members: [] };
        for (const map of this.maps) {
            const old = before.keys.get(map)!;
            for (const [key, value] of map) {
                if (!old.has(key)) {
                    group.entries.push([map, key]);
                } else if (value instanceof Set || value instanceof Map) {
                    const oldMembers = before.members.get(value) || new Set();
                    for (const member of value instanceof Set ? value : value.keys()) {
                        if (!oldMembers.has(member)) {
                            group.members.push([value, member]);
                        }
                    }
                }
            }
        }
        return group;
    }

    /** Takes the group out of the model (its entries as they are now, changes since seeding included). */
    detach(group: StashGroup): void {
        if (group.detached) {
            return;
        }
        const entries = group.entries.map(([map, key]) => {
            const value = map.get(key);
            map.delete(key);
            return value;
        });
        const members = group.members.map(([container, member]) => {
            if (container instanceof Set) {
                container.delete(member);
                return undefined;
            }
            const value = container.get(member);
            container.delete(member);
            return value;
        });
        group.detached = { entries, members };
    }

    attach(group: StashGroup): void {
        if (!group.detached) {
            return;
        }
        const { entries, members } = group.detached;
        group.entries.forEach(([map, key], i) => entries[i] !== undefined && map.set(key, entries[i]));
        group.members.forEach(([container, member], i) =>
            container instanceof Set ? container.add(member) : members[i] !== undefined && container.set(member, members[i]),
        );
        group.detached = undefined;
    }

    private snapshot(): KeySnapshot {
        const keys = new Map<AnyMap, Set<unknown>>();
        const members = new Map<Container, Set<unknown>>();
        for (const map of this.maps) {
            keys.set(map, new Set(map.keys()));
            for (const value of map.values()) {
                if (value instanceof Set || value instanceof Map) {
                    members.set(value, new Set(value instanceof Set ? value : value.keys()));
                }
            }
        }
        return { keys, members };
    }
}
