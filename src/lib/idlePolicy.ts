import { IDLE_TIMEOUT_LIMITS, WARNING_DEFAULT_MINUTES } from '../config/settings';

const MINUTE_MS = 60_000;

export interface IdlePolicy {
    timeoutMs: number;
    /** 0 when the warning is off. */
    warningMs: number;
}

export type IdleStep = { kind: 'wait'; until: Date } | { kind: 'warn'; closeAt: Date } | { kind: 'close' };

function toMinutes(raw: unknown, fallback: number): number {
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
}

/** Admins type these numbers by hand: clamp the timeout, and switch the warning off when it cannot fit. */
export function idlePolicyFrom(rawTimeoutMinutes: unknown, rawWarningMinutes: unknown): IdlePolicy {
    const timeout = Math.min(
        IDLE_TIMEOUT_LIMITS.max,
        Math.max(IDLE_TIMEOUT_LIMITS.min, toMinutes(rawTimeoutMinutes, IDLE_TIMEOUT_LIMITS.default)),
    );
    const warning = toMinutes(rawWarningMinutes, WARNING_DEFAULT_MINUTES);
    const warningFits = warning > 0 && warning < timeout;
    return { timeoutMs: timeout * MINUTE_MS, warningMs: warningFits ? warning * MINUTE_MS : 0 };
}

// A session's first message lands a moment after its room is created; a first check armed from the
// room's creation to the millisecond would find that message and only re-arm.
const FIRST_CHECK_SLACK_MS = 2_000;

/** When the idle job should first look at a session opened at `openedAt`. */
export function firstCheckAt(policy: IdlePolicy, openedAt: Date): Date {
    return new Date(openedAt.getTime() + policy.timeoutMs - policy.warningMs + FIRST_CHECK_SLACK_MS);
}

/**
 * What the idle job does when it fires. `warnedFor` is the activity time a warning was already sent for,
 * so a job that fires twice (at-least-once scheduler) never warns twice for the same silence.
 */
export function nextIdleStep(policy: IdlePolicy, lastActivity: Date, warnedFor: Date | undefined, now: Date): IdleStep {
    const closeAt = lastActivity.getTime() + policy.timeoutMs;
    if (now.getTime() >= closeAt) {
        return { kind: 'close' };
    }
    const warnAt = closeAt - policy.warningMs;
    const alreadyWarned = warnedFor !== undefined && warnedFor.getTime() === lastActivity.getTime();
    if (policy.warningMs > 0 && now.getTime() >= warnAt && !alreadyWarned) {
        return { kind: 'warn', closeAt: new Date(closeAt) };
    }
    return { kind: 'wait', until: new Date(alreadyWarned || policy.warningMs === 0 ? closeAt : warnAt) };
}

export function minutesUntil(target: Date, now: Date): number {
    return Math.max(0, Math.ceil((target.getTime() - now.getTime()) / MINUTE_MS));
}
