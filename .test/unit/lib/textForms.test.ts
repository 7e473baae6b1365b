import { pluralCategory, pluralForm } from '../../../src/lib/plural';
import { formatTimeFor } from '../../../src/lib/humanTime';

describe('plural rules', () => {
    // The app spells the CLDR rules out (ES2017 typings lack Intl.PluralRules); the runtime's ICU is the reference.
    it.each(['en', 'de', 'es', 'pt-BR'])('match Intl.PluralRules for %s on whole numbers', (language) => {
        const rules = new Intl.PluralRules(language);
        for (const n of [...Array.from({ length: 1500 }, (_, i) => i), 1_000_000, 2_000_000, 1_500_000]) {
            expect([n, pluralCategory(language, n)]).toEqual([n, rules.select(n)]);
        }
    });

    it('falls back to the other form when a language has no many form', () => {
        expect(pluralForm({ count: 'n', one: 'one', other: 'other' }, 'es', 1_000_000)).toBe('other');
        expect(pluralForm({ count: 'n', one: 'one', other: 'other' }, 'pt-BR', 0)).toBe('one');
        expect(pluralForm({ count: 'n', one: 'one', other: 'other' }, 'en', 0)).toBe('other');
    });
});

describe('times for people', () => {
    const now = new Date('2026-12-02T13:00:00Z');

    it("shows the reader's clock time, shifted by their utcOffset", () => {
        expect(formatTimeFor(new Date('2026-12-02T14:05:00Z'), now, 'en', 0)).toBe('2:05 PM');
        expect(formatTimeFor(new Date('2026-12-02T14:05:00Z'), now, 'de', 1)).toBe('15:05');
        expect(formatTimeFor(new Date('2026-12-02T14:05:00Z'), now, 'pt-BR', -3)).toBe('11:05');
    });

    it("adds the day when it is not the reader's today", () => {
        expect(formatTimeFor(new Date('2026-12-03T09:30:00Z'), now, 'en', 0)).toMatch(/Dec 3.*9:30\sAM/);
        expect(formatTimeFor(new Date('2026-12-02T23:30:00Z'), now, 'de', 2)).toMatch(/3\. Dez\..*01:30/);
    });
});
