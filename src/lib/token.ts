import { randomBytes } from 'crypto';

/** Every visitor token ShiftLink issues starts with this: a room's visitor tells ShiftLink's rooms apart with no lookup. */
export const TOKEN_PREFIX = 'shiftlink-';

// 256 random bits after the prefix: far beyond guessing, and the token is the visitor's only credential on the server.
export function newVisitorToken(): string {
    return `${TOKEN_PREFIX}${randomBytes(32).toString('hex')}`;
}

export const isShiftLinkToken = (token: unknown): boolean => typeof token === 'string' && token.startsWith(TOKEN_PREFIX);
