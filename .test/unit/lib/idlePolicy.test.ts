import { firstCheckAt, idlePolicyFrom, minutesUntil, nextIdleStep } from '../../../src/lib/idlePolicy';

const MIN = 60_000;
const at = (minutes: number) => new Date(Date.UTC(2026, 0, 1, 12, 0) + minutes * MIN);

describe('idlePolicyFrom', () => {
    it('uses the defaults (5 min, warning 1 min) for missing values', () => {
        expect(idlePolicyFrom(undefined, undefined)).toEqual({ timeoutMs: 5 * MIN, warningMs: 1 * MIN });
    });

    it('clamps the timeout to 1..1440 minutes and accepts numeric strings', () => {
        expect(idlePolicyFrom(0, 0).timeoutMs).toBe(1 * MIN);
        expect(idlePolicyFrom(99999, 0).timeoutMs).toBe(1440 * MIN);
        expect(idlePolicyFrom('30', '2')).toEqual({ timeoutMs: 30 * MIN, warningMs: 2 * MIN });
        expect(idlePolicyFrom('abc', 'x')).toEqual({ timeoutMs: 5 * MIN, warningMs: 1 * MIN });
    });

    it('switches the warning off when it is 0, negative, or not shorter than the timeout', () => {
        expect(idlePolicyFrom(5, 0).warningMs).toBe(0);
        expect(idlePolicyFrom(5, -3).warningMs).toBe(0);
        expect(idlePolicyFrom(5, 5).warningMs).toBe(0);
        expect(idlePolicyFrom(5, 4).warningMs).toBe(4 * MIN);
    });
});

describe('nextIdleStep', () => {
    const policy = idlePolicyFrom(5, 1);

    it('first check is at timeout minus warning, plus a little slack for the first message to land', () => {
        expect(firstCheckAt(policy, at(0))).toEqual(new Date(at(4).getTime() + 2000));
        expect(firstCheckAt(idlePolicyFrom(5, 0), at(0))).toEqual(new Date(at(5).getTime() + 2000));
    });

    it('waits until the warning time when activity happened since the job was armed', () => {
        expect(nextIdleStep(policy, at(3), undefined, at(4))).toEqual({ kind: 'wait', until: at(7) });
    });

    it('warns once at timeout - warning, then waits for the close', () => {
        expect(nextIdleStep(policy, at(0), undefined, at(4))).toEqual({ kind: 'warn', closeAt: at(5) });
        expect(nextIdleStep(policy, at(0), at(0), at(4))).toEqual({ kind: 'wait', until: at(5) });
    });

    it('a warning for an older silence does not count for a new one', () => {
        expect(nextIdleStep(policy, at(2), at(0), at(6))).toEqual({ kind: 'warn', closeAt: at(7) });
    });

    it('closes at the timeout, even when the warning never went out', () => {
        expect(nextIdleStep(policy, at(0), undefined, at(5))).toEqual({ kind: 'close' });
        expect(nextIdleStep(policy, at(0), at(0), at(90))).toEqual({ kind: 'close' });
    });

    it('without a warning, waits straight for the close', () => {
        expect(nextIdleStep(idlePolicyFrom(5, 0), at(0), undefined, at(4.5))).toEqual({ kind: 'wait', until: at(5) });
    });

    it('minutesUntil rounds up and never goes negative', () => {
        expect(minutesUntil(at(5), at(3.5))).toBe(2);
        expect(minutesUntil(at(5), at(7))).toBe(0);
    });
});
