import * as fs from 'fs';
import * as path from 'path';
import { SETTINGS } from '../../../src/config/settings';
import { en } from '../../../src/i18n/en';
import { de } from '../../../src/i18n/de';
import { es } from '../../../src/i18n/es';
import { ptBR } from '../../../src/i18n/pt-BR';
import { fill, languageOf, textOrDefault, translate } from '../../../src/lib/i18n';
import { isPlural, PluralText } from '../../../src/lib/plural';
import { IUser } from '@rocket.chat/apps-engine/definition/users';

const root = path.resolve(__dirname, '../../..');
const LANGUAGES = ['en', 'de', 'es', 'pt-BR'];
const panel = Object.fromEntries(
    LANGUAGES.map((lang) => [lang, JSON.parse(fs.readFileSync(path.join(root, 'i18n', `${lang}.json`), 'utf8'))]),
) as Record<string, Record<string, string>>;
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();

describe('settings panel translations (i18n/*.json)', () => {
    it('every language file has exactly the keys of en.json, none empty', () => {
        for (const lang of LANGUAGES) {
            expect(Object.keys(panel[lang]).sort()).toEqual(Object.keys(panel.en).sort());
            expect(Object.values(panel[lang]).every((v) => typeof v === 'string' && v.trim() !== '')).toBe(true);
        }
    });

    it('every label, description, placeholder, section, option and command key the app uses exists', () => {
        const used = SETTINGS.flatMap((s) => [
            s.i18nLabel,
            s.i18nDescription,
            s.i18nPlaceholder,
            s.section,
            ...(s.values ?? []).map((v) => v.i18nLabel),
        ]).filter(Boolean);
        used.push('shiftlink_command_description', 'shiftlink_command_params');
        for (const key of used) {
            expect(panel.en).toHaveProperty([key as string]);
        }
    });
});

describe('settings panel layout', () => {
    it('puts every setting in one of the four sections', () => {
        expect(new Set(SETTINGS.map((s) => s.section))).toEqual(
            new Set(['setting_section_routing', 'setting_section_idle_close', 'setting_section_texts', 'setting_section_webhooks']),
        );
    });

    it('shows each text setting its default, in the panel language, as the placeholder', () => {
        const defaults: Record<string, keyof typeof en> = {
            setting_close_comment_placeholder: 'close_comment',
            setting_close_notice_placeholder: 'close_notice',
            setting_warning_text_placeholder: 'idle_warning',
            setting_no_manager_text_placeholder: 'no_manager',
        };
        const catalogs: Record<string, Record<string, string | PluralText>> = { en, de, es, 'pt-BR': ptBR };
        for (const setting of SETTINGS.filter((s) => s.i18nPlaceholder)) {
            for (const lang of LANGUAGES) {
                const text = catalogs[lang][defaults[setting.i18nPlaceholder!]];
                expect(panel[lang][setting.i18nPlaceholder!]).toBe(isPlural(text) ? text.other : text);
            }
        }
        expect(
            SETTINGS.filter((s) => s.i18nPlaceholder)
                .map((s) => s.id)
                .sort(),
        ).toEqual(['shiftlink_close_comment', 'shiftlink_close_notice', 'shiftlink_no_manager_text', 'shiftlink_warning_text']);
    });
});

describe('runtime texts (src/i18n)', () => {
    const forms = (text: string | PluralText): string[] =>
        isPlural(text) ? [text.one, text.other, ...(text.many ? [text.many] : [])] : [text];

    it('every language keeps every placeholder of the English text, in every plural form', () => {
        for (const catalog of [en, de, es, ptBR]) {
            for (const key of Object.keys(en) as Array<keyof typeof en>) {
                const english = placeholders(forms(en[key])[0]);
                for (const form of forms(catalog[key])) {
                    expect([key, placeholders(form)]).toEqual([key, english]);
                }
            }
        }
    });

    it('a plural text is picked by a variable the text uses, and the same one in every language', () => {
        for (const catalog of [en, de, es, ptBR]) {
            for (const [key, text] of Object.entries(catalog)) {
                if (isPlural(text)) {
                    expect([key, text.count]).toEqual([key, (en as unknown as Record<string, PluralText>)[key].count]);
                    expect(text.other).toContain(`{${text.count}}`);
                }
            }
        }
    });

    it('says "1 minute" and "5 minutes" (no "minute(s)"), in each language', () => {
        expect(translate('en', 'close_notice', { minutes: 1 })).toContain('after 1 minute without');
        expect(translate('en', 'close_notice', { minutes: 5 })).toContain('after 5 minutes without');
        expect(translate('de', 'idle_warning', { minutes: 1 })).toContain('in 1 Minute geschlossen');
        expect(translate('de', 'idle_warning', { minutes: 2 })).toContain('in 2 Minuten geschlossen');
        expect(translate('es', 'close_comment', { minutes: 1 })).toContain('tras 1 minuto sin');
        expect(translate('es', 'close_comment', { minutes: 10 })).toContain('tras 10 minutos sin');
        expect(translate('pt-BR', 'queue_timeout_notice', { minutes: 1 })).toContain('em 1 minuto.');
        expect(translate('pt-BR', 'queue_timeout_notice', { minutes: 15 })).toContain('em 15 minutos.');
    });

    it('no text shouts, hedges a plural with "(s)", or shows an id placeholder', () => {
        for (const catalog of [en, de, es, ptBR]) {
            for (const [key, text] of Object.entries(catalog)) {
                for (const form of forms(text)) {
                    expect([key, /\b[A-ZÄÖÜÁÉÍÓÚÃÕÇ]{3,}\b/.test(form.replace(/ShiftLink/g, ''))]).toEqual([key, false]);
                    expect([key, /\((s|n|es)\)/.test(form)]).toEqual([key, false]);
                    expect([key, /\{(room|roomId|id|userId)\}/.test(form)]).toEqual([key, false]);
                }
            }
        }
    });

    it('reads own keys only: __proto__ or constructor as a language or placeholder change nothing', () => {
        const user = (language: string) => ({ settings: { preferences: { language } } }) as unknown as IUser;
        expect(languageOf(user('__proto__'))).toBe('en');
        expect(languageOf(user('constructor'))).toBe('en');
        expect(translate('__proto__', 'status_none')).toBe(en.status_none);
        expect(translate('toString', 'status_none')).toBe(en.status_none);
        expect(fill('{constructor} {__proto__} {toString}', {})).toBe('{constructor} {__proto__} {toString}');
        expect(fill('{minutes}', JSON.parse('{"__proto__": {"minutes": 9}}'))).toBe('{minutes}');
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
