import { createHash, timingSafeEqual } from 'crypto';

/**
 * Constant-time comparison. Hashing both sides first gives equal-length buffers, so neither the
 * content nor the length of the configured secret leaks through timing.
 */
export function secretMatches(configured: string, presented: unknown): boolean {
    if (configured === '' || typeof presented !== 'string' || presented === '') {
        return false;
    }
    const digest = (value: string) => new Uint8Array(createHash('sha256').update(value, 'utf8').digest());
    return timingSafeEqual(digest(configured), digest(presented));
}
