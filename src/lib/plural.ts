/** A text with one form per CLDR plural category; `count` names the variable that picks the form. */
export interface PluralText {
    count: string;
    one: string;
    other: string;
    /** Spanish and Portuguese use it for exact millions ("1.000.000 de minutos"); `other` when absent. */
    many?: string;
}

export type PluralCategory = 'one' | 'many' | 'other';

export function isPlural(text: unknown): text is PluralText {
    return typeof text === 'object' && text !== null && typeof (text as PluralText).other === 'string';
}

/**
 * CLDR cardinal rules of the app's languages for whole, non-negative numbers (minutes, counts). Spelled out
 * instead of Intl.PluralRules: the app compiles for ES2017, whose typings lack it; a unit test checks these
 * rules against the runtime's Intl.PluralRules.
 */
export function pluralCategory(language: string, n: number): PluralCategory {
    const base = language.split(/[-_]/)[0];
    const million = n !== 0 && n % 1_000_000 === 0;
    switch (base) {
        case 'pt':
            return n === 0 || n === 1 ? 'one' : million ? 'many' : 'other';
        case 'es':
            return n === 1 ? 'one' : million ? 'many' : 'other';
        default:
            return n === 1 ? 'one' : 'other';
    }
}

export function pluralForm(text: PluralText, language: string, n: number): string {
    const category = pluralCategory(language, n);
    return (category === 'many' ? text.many : category === 'one' ? text.one : undefined) ?? text.other;
}
