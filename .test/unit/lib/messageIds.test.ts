import { MessageIdKind, messageIdFor, withChosenId } from '../../../src/lib/messageIds';
import { isShiftLinkToken, newVisitorToken } from '../../../src/lib/token';

describe('chosen message ids', () => {
    it('are derived from what caused the post: same cause, same id; another cause or kind, another id', () => {
        expect(messageIdFor(MessageIdKind.ManagerToRep, 'abc')).toBe(messageIdFor(MessageIdKind.ManagerToRep, 'abc'));
        expect(messageIdFor(MessageIdKind.ManagerToRep, 'abc')).not.toBe(messageIdFor(MessageIdKind.RepToManager, 'abc'));
        expect(messageIdFor(MessageIdKind.Warning, 'room', 1)).not.toBe(messageIdFor(MessageIdKind.Warning, 'room', 2));
    });

    it('travel in _unmappedProperties_ (the engine runtime deletes message.id; RC assigns these last)', () => {
        expect(withChosenId('x')).toEqual({ _unmappedProperties_: { _id: 'x' } });
        expect(withChosenId(undefined)).toBeUndefined();
    });
});

describe('visitor tokens', () => {
    it('carry the ShiftLink prefix and 256 random bits; others are not ShiftLink tokens', () => {
        const token = newVisitorToken();
        expect(token).toMatch(/^shiftlink-[0-9a-f]{64}$/);
        expect(newVisitorToken()).not.toBe(token);
        expect(isShiftLinkToken(token)).toBe(true);
        expect(isShiftLinkToken('a-widget-visitor')).toBe(false);
        expect(isShiftLinkToken(undefined)).toBe(false);
    });
});
