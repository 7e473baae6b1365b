const LOCALES: Record<string, string> = { en: 'en-US', de: 'de-DE', es: 'es-ES', 'pt-BR': 'pt-BR' };
const HOUR_MS = 3_600_000;

function localeOf(language: string): string {
    return Object.prototype.hasOwnProperty.call(LOCALES, language) ? LOCALES[language] : LOCALES.en;
}

/**
 * A time as the reader's clock shows it: RC gives each user a `utcOffset` in hours, not a time zone name,
 * so the time is shifted by that offset and formatted as UTC. Adds the day when it is not the reader's today.
 */
export function formatTimeFor(at: Date, now: Date, language: string, utcOffsetHours = 0): string {
    const offset = Number.isFinite(utcOffsetHours) ? utcOffsetHours * HOUR_MS : 0;
    const local = new Date(at.getTime() + offset);
    const today = new Date(now.getTime() + offset);
    const sameDay = local.toISOString().slice(0, 10) === today.toISOString().slice(0, 10);
    // 24-hour clocks write the hour with two digits (01:30); the 12-hour English clock does not (1:30 AM).
    const options: Intl.DateTimeFormatOptions = { hour: language === 'en' ? 'numeric' : '2-digit', minute: '2-digit', timeZone: 'UTC' };
    if (!sameDay) {
        options.day = 'numeric';
        options.month = 'short';
    }
    return local.toLocaleString(localeOf(language), options);
}
