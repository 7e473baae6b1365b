// Messages between the test process (parent, owner of the ServerModel) and a second engine process.

/** Child → parent: one model call; parent → child: its result. */
export interface ModelCall {
    type: 'model';
    id: number;
    store: string;
    method: string;
    args: unknown[];
}

/** Parent → child: one Engine action (sendDirectMessage, idle, stop, …); child → parent: its result. */
export interface ActionCall {
    type: 'action';
    id: number;
    method: string;
    args: unknown[];
}

export interface Reply {
    type: 'reply';
    id: number;
    value?: unknown;
    error?: string;
}

/** Parent → child, first message: what to load. Child → parent: `ready` once the app is enabled. */
export interface Init {
    type: 'init';
    appId: string;
    tempDir: string;
}

export type ToChild = Init | ActionCall | Reply;
export type ToParent = ModelCall | Reply | { type: 'ready' } | { type: 'failed'; error: string };

/** Correlates requests and replies over one IPC channel. */
export class PendingCalls {
    private nextId = 1;
    private readonly pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

    open(): { id: number; result: Promise<unknown> } {
        const id = this.nextId++;
        const result = new Promise<unknown>((resolve, reject) => this.pending.set(id, { resolve, reject }));
        return { id, result };
    }

    settle(reply: Reply): void {
        const call = this.pending.get(reply.id);
        this.pending.delete(reply.id);
        if (reply.error !== undefined) {
            call?.reject(new Error(reply.error));
        } else {
            call?.resolve(reply.value);
        }
    }

    failAll(error: Error): void {
        this.pending.forEach((call) => call.reject(error));
        this.pending.clear();
    }
}

/** Runs `work` and turns its outcome into a reply (errors travel as their message). */
export async function replyTo(id: number, work: () => unknown): Promise<Reply> {
    try {
        return { type: 'reply', id, value: await work() };
    } catch (e) {
        return { type: 'reply', id, error: e instanceof Error ? e.message : String(e) };
    }
}
