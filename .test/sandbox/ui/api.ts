// The sandbox server's actions (.test/sandbox/http.ts): JSON POSTs; a refusal comes back as { error }.

type Listener = (message: string) => void;
const errorListeners = new Set<Listener>();

/** The page shows refusals ('no-agent-online', 'error-room-closed'…) as toasts. */
export function onActionError(listener: Listener): () => void {
    errorListeners.add(listener);
    return () => errorListeners.delete(listener);
}

export async function post<T = unknown>(path: string, body: Record<string, unknown>): Promise<T> {
    let response: Response;
    try {
        response = await fetch(`/api/${path}`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
        });
    } catch {
        const message = 'The sandbox server does not answer (stopped?)';
        errorListeners.forEach((l) => l(message));
        throw new Error(message);
    }
    const answer = (await response.json().catch(() => ({}))) as T & { error?: string };
    if (!response.ok) {
        const message = answer.error || `HTTP ${response.status}`;
        errorListeners.forEach((l) => l(message));
        throw new Error(message);
    }
    return answer;
}
