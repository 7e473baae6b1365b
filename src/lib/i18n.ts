import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { de } from '../i18n/de';
import { Catalog, en, TextKey } from '../i18n/en';
import { es } from '../i18n/es';
import { ptBR } from '../i18n/pt-BR';

const CATALOGS: Record<string, Catalog> = { en, de, es, 'pt-BR': ptBR };

export type TextVars = Record<string, string | number>;

/** 'de-DE' → 'de', 'pt' → 'pt-BR'; anything unknown → 'en'. */
export function languageOf(user?: IUser): string {
    const wanted = user?.settings?.preferences?.language ?? 'en';
    if (CATALOGS[wanted]) {
        return wanted;
    }
    const base = wanted.split(/[-_]/)[0].toLowerCase();
    if (base === 'pt') {
        return 'pt-BR';
    }
    return CATALOGS[base] ? base : 'en';
}

export function fill(template: string, vars: TextVars = {}): string {
    return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

export function translate(language: string, key: TextKey, vars?: TextVars): string {
    return fill((CATALOGS[language] ?? en)[key], vars);
}

/** An admin's text from the settings wins over the translation; blank means "use the translation". */
export function textOrDefault(configured: string, language: string, key: TextKey, vars?: TextVars): string {
    return configured.trim() !== '' ? fill(configured, vars) : translate(language, key, vars);
}
