import { secretMatches } from '../../../src/lib/secret';
import { newVisitorToken } from '../../../src/lib/token';

describe('secretMatches', () => {
    it('accepts only the exact secret', () => {
        expect(secretMatches('s3cret-value', 's3cret-value')).toBe(true);
        expect(secretMatches('s3cret-value', 's3cret-valuE')).toBe(false);
        expect(secretMatches('s3cret-value', 's3cret-value ')).toBe(false);
        expect(secretMatches('s3cret-value', 's3cret')).toBe(false);
    });

    it('fails closed: no configured secret, or nothing / a non-string presented', () => {
        expect(secretMatches('', '')).toBe(false);
        expect(secretMatches('', 'anything')).toBe(false);
        expect(secretMatches('x', undefined)).toBe(false);
        expect(secretMatches('x', ['x'])).toBe(false);
        expect(secretMatches('1', 1)).toBe(false);
    });
});

describe('newVisitorToken', () => {
    it('is 256 random bits, hex, different every time', () => {
        const tokens = new Set(Array.from({ length: 1000 }, newVisitorToken));
        expect(tokens.size).toBe(1000);
        for (const token of tokens) {
            expect(token).toMatch(/^shiftlink-[0-9a-f]{64}$/);
        }
    });
});
