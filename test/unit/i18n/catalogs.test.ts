import * as fs from 'fs';
import * as path from 'path';
import { SETTINGS } from '../../../src/config/settings';
import { en } from '../../../src/i18n/en';
import { de } from '../../../src/i18n/de';
import { es } from '../../../src/i18n/es';
import { ptBR } from '../../../src/i18n/pt-BR';
import { fill, languageOf, textOrDefault, translate } from '../../../src/lib/i18n';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

const root = path.resolve(__dirname, '../../..');
const LANGUAGES = ['en', 'de', 'es', 'pt-BR'];
const panel = Object.fromEntries(LANGUAGES.map((lang) => [lang, JSON.parse(fs.readFileSync(path.join(root, 'i18n', `${lang}.json`), 'utf8'))])) as Record<string, Record<string, string>>;
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe('settings panel translations (i18n/*.json)', () => {
    it('every language file has exactly the keys of en.json, none empty', () => {
        for (const lang of LANGUAGES) {
            expect(Object.keys(panel[lang]).sort()).toEqual(Object.keys(panel.en).sort());
            expect(Object.values(panel[lang]).every((v) => typeof v === 'string' && v.trim() !== '')).toBe(true);
        }
    });

    it('every label, description, option and command key the app uses exists', () => {
        const used = SETTINGS.flatMap((s) => [s.i18nLabel, s.i18nDescription, ...(s.values ?? []).map((v) => v.i18nLabel)]);
        used.push('shiftlink_command_description', 'shiftlink_command_params');
        for (const key of used) {
            expect(panel.en).toHaveProperty([key as string]);
        }
    });
});

describe('runtime texts (src/i18n)', () => {
    it('every language keeps every placeholder of the English text', () => {
        for (const catalog of [de, es, ptBR]) {
            for (const key of Object.keys(en) as Array<keyof typeof en>) {
                expect([key, placeholders(catalog[key])]).toEqual([key, placeholders(en[key])]);
            }
        }
    });

    it('picks the user language, its base, pt → pt-BR, else English', () => {
        const user = (language?: string) => ({ settings: { preferences: { language } } }) as unknown as IUser;
        expect(languageOf(user('de'))).toBe('de');
        expect(languageOf(user('de-AT'))).toBe('de');
        expect(languageOf(user('pt'))).toBe('pt-BR');
        expect(languageOf(user('fr'))).toBe('en');
        expect(languageOf(undefined)).toBe('en');
    });

    it('fills placeholders, leaves unknown ones visible, and lets an admin text win', () => {
        expect(fill('{a} and {b}', { a: 1 })).toBe('1 and {b}');
        expect(translate('de', 'agent_joined', { agent: 'Ana' })).toContain('Ana');
        expect(textOrDefault('Bye after {minutes}m', 'de', 'close_notice', { minutes: 5 })).toBe('Bye after 5m');
        expect(textOrDefault('  ', 'en', 'close_notice', { minutes: 5 })).toBe(translate('en', 'close_notice', { minutes: 5 }));
    });

    it('a user without a language gets the server default; an unsupported default falls back to English', () => {
        const user = (language?: string) => ({ settings: { preferences: { language } } }) as unknown as IUser;
        expect(languageOf(user(undefined), 'de')).toBe('de');
        expect(languageOf(undefined, 'pt-BR')).toBe('pt-BR');
        expect(languageOf(user(''), 'es-MX')).toBe('es');
        expect(languageOf(user('fr'), 'de')).toBe('de');
        expect(languageOf(user(undefined), 'xx')).toBe('en');
        expect(languageOf(user('de'), 'es')).toBe('de');
    });

    it('reads own keys only: __proto__ or constructor as language, key or placeholder cannot break a text', () => {
        const user = (language?: string) => ({ settings: { preferences: { language } } }) as unknown as IUser;
        for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
            expect(languageOf(user(name))).toBe('en');
            expect(translate(name, 'agent_joined', { agent: 'Ana' })).toBe(translate('en', 'agent_joined', { agent: 'Ana' }));
            expect(fill(`{${name}} left`, {})).toBe(`{${name}} left`);
            expect(textOrDefault(`hi {${name}}`, name, 'help')).toBe(`hi {${name}}`);
        }
    });
});
