/** An error meant for an HTTP caller: the endpoint turns it into `{ error }` with this status. */
export class AppError extends Error {
    constructor(
        public readonly status: number,
        message: string,
        public readonly field?: string,
    ) {
        super(message);
    }
}

/** The text the server put in a thrown error, for logs and for matching known server errors. */
export function errorText(error: unknown): string {
    if (error instanceof Error) {
        return error.message;
    }
    if (typeof error === 'object' && error !== null && 'message' in error) {
        return String((error as { message: unknown }).message);
    }
    return String(error);
}
