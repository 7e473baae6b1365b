/**
 * Polls `predicate` (sync or async) until it returns a truthy value, which is returned. Polls on the next
 * macrotask first, then every few ms, so it is cheap and never a fixed sleep.
 */
export async function waitFor<T>(predicate: () => T | Promise<T>, description: string, timeoutMs = 5000): Promise<NonNullable<T>> {
    const deadline = Date.now() + timeoutMs;
    let delay = 0;
    for (;;) {
        const value = await predicate();
        if (value) {
            return value as NonNullable<T>;
        }
        if (Date.now() >= deadline) {
            throw new Error(`Timed out waiting for: ${description}`);
        }
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay = Math.min(delay + 2, 20);
    }
}
