import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { de } from '../i18n/de';
import { Catalog, en, TextKey } from '../i18n/en';
import { es } from '../i18n/es';
import { ptBR } from '../i18n/pt-BR';
import { isPlural, PluralText, pluralForm } from './plural';

const CATALOGS: Record<string, Catalog> = { en, de, es, 'pt-BR': ptBR };

export type TextVars = Record<string, string | number>;

// Own keys only: a language or placeholder named `__proto__` or `constructor` must not reach Object.prototype.
const own = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

function match(wanted: unknown): string | undefined {
    if (typeof wanted !== 'string' || wanted === '') {
        return undefined;
    }
    if (own(CATALOGS, wanted)) {
        return wanted;
    }
    const base = wanted.split(/[-_]/)[0].toLowerCase();
    return base === 'pt' ? 'pt-BR' : own(CATALOGS, base) ? base : undefined;
}

/** 'de-DE' → 'de', 'pt' → 'pt-BR'; anything unknown → `fallback` (the server's default language), else 'en'. */
export function supportedLanguage(wanted: unknown, fallback = 'en'): string {
    return match(wanted) ?? match(fallback) ?? 'en';
}

/** The user's language; a user who never chose one gets `serverDefault` (the server's `Language` setting). */
export function languageOf(user?: Pick<IUser, 'settings'>, serverDefault = 'en'): string {
    return supportedLanguage(user?.settings?.preferences?.language, serverDefault);
}

export function fill(template: string, vars: TextVars = {}): string {
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (own(vars, name) ? String(vars[name]) : whole));
}

/** The text for `key` in `language`; a plural text takes the form its count variable calls for. */
export function translate(language: string, key: TextKey, vars: TextVars = {}): string {
    const catalog = own(CATALOGS, language) ? CATALOGS[language] : en;
    const text: string | PluralText = own(catalog, key) ? catalog[key] : en[key];
    if (!isPlural(text)) {
        return fill(text, vars);
    }
    const count = own(vars, text.count) ? Number(vars[text.count]) : NaN;
    return fill(Number.isFinite(count) ? pluralForm(text, language, count) : text.other, vars);
}

/** An admin's text from the settings wins over the translation; blank means "use the translation". */
export function textOrDefault(configured: string, language: string, key: TextKey, vars?: TextVars): string {
    return configured.trim() !== '' ? fill(configured, vars) : translate(language, key, vars);
}

/** The English default of a text, as shown for an empty text setting (one form for plural texts). */
export function englishDefault(key: TextKey): string {
    const text: string | PluralText = en[key];
    return isPlural(text) ? text.other : text;
}
