export type ModelCallListener = (store: string, method: string) => void;

/**
 * Hears every call an engine makes on the model (through its port, local or over IPC), after the call.
 * Reads are included: the model does not tell reads from writes, so a listener that wants changes compares
 * state itself. Lets a UI (the sandbox) refresh when the app writes on its own, e.g. after a listener ran.
 */
export class ModelCallFeed {
    private readonly listeners = new Set<ModelCallListener>();

    subscribe(listener: ModelCallListener): () => void {
        this.listeners.add(listener);
        return () => this.listeners.delete(listener);
    }

    notify(store: string, method: string): void {
        // Listeners must not throw: this runs inside the engine's bridge call.
        this.listeners.forEach((listener) => listener(store, method));
    }
}
