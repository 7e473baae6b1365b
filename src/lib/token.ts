import { randomBytes } from 'crypto';

// 256 bits: far beyond guessing, and the token is the visitor's only credential on the server.
export function newVisitorToken(): string {
    return randomBytes(32).toString('hex');
}
