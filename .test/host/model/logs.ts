import type { ILoggerStorageEntry } from '@rocket.chat/apps-engine/server/logging';

export interface LogLine {
    appId: string;
    /** The app method the entry was logged in, e.g. 'app:executePostMessageSent'. */
    method: string;
    severity: string;
    /** The logged arguments, joined with spaces (objects as JSON). */
    text: string;
    at: Date;
}

/** The app logs RC shows an admin (AppLogStorage). */
export class AppLogStore {
    private readonly entries: ILoggerStorageEntry[] = [];

    store(entry: ILoggerStorageEntry): ILoggerStorageEntry {
        this.entries.push(structuredClone(entry));
        return entry;
    }

    entriesFor(appId: string): ILoggerStorageEntry[] {
        return this.entries.filter((e) => e.appId === appId).map((e) => structuredClone(e));
    }

    removeFor(appId: string): void {
        for (let i = this.entries.length - 1; i >= 0; i--) {
            if (this.entries[i].appId === appId) {
                this.entries.splice(i, 1);
            }
        }
    }

    /** Flattened log lines of an app (every app if none given), oldest first. */
    lines(appId?: string): LogLine[] {
        return this.entries
            .filter((e) => !appId || e.appId === appId)
            .flatMap((e) =>
                (e.entries || []).map((entry) => ({
                    appId: e.appId,
                    method: e.method,
                    severity: String(entry.severity),
                    text: entry.args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '),
                    at: new Date(entry.timestamp),
                })),
            );
    }

    /** Log lines containing `needle` (an admin searching the app logs). */
    find(needle: string, appId?: string): LogLine[] {
        return this.lines(appId).filter((l) => l.text.includes(needle));
    }

    /** RC's paginated query, for the engine's AppLogStorage.findPaginated: equality on top-level fields. */
    findPaginated(
        query: Record<string, unknown>,
        options: { skip?: number; limit?: number } = {},
    ): { logs: ILoggerStorageEntry[]; total: number } {
        const matched = this.entries
            .filter((e) => Object.entries(query).every(([k, v]) => (e as unknown as Record<string, unknown>)[k] === v))
            .reverse();
        const skip = options.skip || 0;
        return {
            logs: matched.slice(skip, options.limit ? skip + options.limit : undefined).map((e) => structuredClone(e)),
            total: matched.length,
        };
    }
}
