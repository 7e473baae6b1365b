import type { VirtualClock } from './clock';

export interface HostEvent {
    /** The engine interface fired, e.g. 'IPostMessageSent'. */
    name: string;
    /** A copy of the payload as it was when fired (e.g. the room before routing for IPostLivechatRoomStarted). */
    payload: unknown;
    at: Date;
}

/** Every event the host fired into an engine, in order: lets tests assert what RC would have emitted. */
export class EventJournal {
    private readonly events: HostEvent[] = [];

    constructor(private readonly clock: VirtualClock) {}

    record(name: string, payload: unknown): void {
        this.events.push({ name, payload: structuredClone(payload), at: this.clock.now() });
    }

    list(name?: string): HostEvent[] {
        return this.events.filter((e) => !name || e.name === name).map((e) => structuredClone(e));
    }
}
