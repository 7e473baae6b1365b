export const BRIDGE_CATEGORIES = [
    'persistenceRead',
    'persistenceWrite',
    'scheduler',
    'message',
    'room',
    'livechat',
    'user',
    'other',
] as const;

export type BridgeCategory = (typeof BRIDGE_CATEGORIES)[number];

/** Bridge calls by category, across every engine over this model (the benchmark divides by messages relayed). */
export class BridgeCounters {
    private counts = new Map<BridgeCategory, number>();
    private calls = new Map<string, number>();

    count(category: BridgeCategory, call: string): void {
        this.counts.set(category, (this.counts.get(category) || 0) + 1);
        this.calls.set(call, (this.calls.get(call) || 0) + 1);
    }

    get(category: BridgeCategory): number {
        return this.counts.get(category) || 0;
    }

    total(): number {
        return [...this.counts.values()].reduce((a, b) => a + b, 0);
    }

    /** Counts per category (all categories present) and per bridge method (`Bridge.method`). */
    snapshot(): { byCategory: Record<BridgeCategory, number>; byCall: Record<string, number>; total: number } {
        const byCategory = Object.fromEntries(BRIDGE_CATEGORIES.map((c) => [c, this.get(c)])) as Record<BridgeCategory, number>;
        return { byCategory, byCall: Object.fromEntries(this.calls), total: this.total() };
    }

    reset(): void {
        this.counts = new Map();
        this.calls = new Map();
    }
}
