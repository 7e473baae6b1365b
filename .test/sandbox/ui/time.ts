// Every time on the page is the model's virtual clock, written as RC's English client writes times ("1:46 PM",
// moment's LT) and as the app writes them for an English reader at UTC offset 0: one clock, one format. The
// sandbox's users have no utcOffset, so UTC is their local time.

const pad = (n: number) => String(n).padStart(2, '0');

function parts(iso: string): { h: number; m: number; s: number } | undefined {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? undefined : { h: d.getUTCHours(), m: d.getUTCMinutes(), s: d.getUTCSeconds() };
}

const twelve = (h: number) => `${h % 12 || 12}`;
const half = (h: number) => (h < 12 ? 'AM' : 'PM');

/** "1:46 PM" */
export function hhmm(iso: string): string {
    const t = parts(iso);
    return t ? `${twelve(t.h)}:${pad(t.m)} ${half(t.h)}` : '';
}

/** "1:46:05 PM" (the top bar's clock, the log) */
export function hhmmss(iso: string): string {
    const t = parts(iso);
    return t ? `${twelve(t.h)}:${pad(t.m)}:${pad(t.s)} ${half(t.h)}` : '--:--:--';
}

/** "December 2, 2026", RC's day divider */
export function dayOf(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime())
        ? ''
        : d.toLocaleDateString('en-US', { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' });
}

/** Milliseconds as "M:SS" (75 minutes stay "75:00"). */
export function mss(ms: number): string {
    const total = Math.max(0, Math.ceil(ms / 1000));
    return `${Math.floor(total / 60)}:${pad(total % 60)}`;
}
