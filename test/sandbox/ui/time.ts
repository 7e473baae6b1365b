// Every time on the page is the model's virtual clock, shown in UTC so all viewers (and the screenshots) agree.

const pad = (n: number) => String(n).padStart(2, '0');

export function hhmm(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function hhmmss(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '--:--:--' : `${hhmm(iso)}:${pad(d.getUTCSeconds())}`;
}

export function dayOf(iso: string): string {
    const d = new Date(iso);
    return Number.isNaN(d.getTime()) ? '' : d.toISOString().slice(0, 10);
}

/** Milliseconds as "M:SS" (75 minutes stay "75:00"). */
export function mss(ms: number): string {
    const total = Math.max(0, Math.ceil(ms / 1000));
    return `${Math.floor(total / 60)}:${pad(total % 60)}`;
}
