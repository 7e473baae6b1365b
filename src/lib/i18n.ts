import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { de } from '../i18n/de';
import { Catalog, en, TextKey } from '../i18n/en';
import { es } from '../i18n/es';
import { ptBR } from '../i18n/pt-BR';
import { isPlural, PluralText, pluralForm } from './plural';

const CATALOGS: Record<string, Catalog> = { en, de, es, 'pt-BR': ptBR };

export type TextVars = Record<string, string | number>;

// Language codes and placeholder names come from users and admins: only own keys count, so
// `__proto__` or `constructor` never reach Object.prototype.
const has = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** 'de-DE' → 'de', 'pt' → 'pt-BR'; anything unknown → 'en'. */
export function languageOf(user?: IUser): string {
    const wanted = String(user?.settings?.preferences?.language ?? 'en');
    if (has(CATALOGS, wanted)) {
        return wanted;
    }
    const base = wanted.split(/[-_]/)[0].toLowerCase();
    if (base === 'pt') {
        return 'pt-BR';
    }
    return has(CATALOGS, base) ? base : 'en';
}

export function fill(template: string, vars: TextVars = {}): string {
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (has(vars, name) ? String(vars[name]) : whole));
}

function catalogOf(language: string): Catalog {
    return has(CATALOGS, language) ? CATALOGS[language] : en;
}

/** The text for `key` in `language`; a plural text takes the form its count variable calls for. */
export function translate(language: string, key: TextKey, vars: TextVars = {}): string {
    const text = catalogOf(language)[key];
    if (!isPlural(text)) {
        return fill(text, vars);
    }
    const count = has(vars, text.count) ? Number(vars[text.count]) : NaN;
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
