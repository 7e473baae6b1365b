import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { ActionId } from '../../../src/config/actionIds';
import { translate } from '../../../src/lib/i18n';
import {
    endConfirmationBlocks,
    endQuestion,
    helpBlocks,
    keepOpenBlocks,
    noManagerBlocks,
    statusCardBlocks,
} from '../../../src/notices/blocks';

type AnyBlock = {
    type: string;
    appId?: string;
    text?: { text: string };
    elements?: Array<{ type: string; actionId?: string; value?: string; text: { text: string } }>;
};

const build = (fill: (blocks: BlockBuilder) => BlockBuilder) => fill(new BlockBuilder('app-1')).getBlocks() as unknown as AnyBlock[];
const texts = (blocks: AnyBlock[]) => blocks.filter((b) => b.text).map((b) => b.text!.text);
const buttons = (blocks: AnyBlock[]) =>
    blocks
        .flatMap((b) => b.elements ?? [])
        .filter((e) => e.type === 'button')
        .map((e) => ({ actionId: e.actionId, value: e.value, label: e.text.text }));

describe('notice blocks', () => {
    it('every block names the app, so the client knows where a click goes', () => {
        const blocks = build((b) =>
            statusCardBlocks(
                b,
                { language: 'en' },
                { roomId: 'r1', managerName: 'Ana', openedAt: new Date(), closesAt: new Date(), now: new Date() },
            ),
        );
        expect(blocks.every((b) => b.appId === 'app-1')).toBe(true);
    });

    it('idle warnings get only "Keep it open" with the room (the warning is the message text: RC shows text and blocks)', () => {
        const rep = build((b) => keepOpenBlocks(b, { language: 'de' }, 'room-9'));
        expect(texts(rep)).toEqual([]);
        expect(buttons(rep)).toEqual([{ actionId: ActionId.KeepOpen, value: 'room-9', label: 'Offen halten' }]);
    });

    it('the status card names the manager and shows times for the reader, with "End conversation"', () => {
        const now = new Date('2026-12-02T13:00:00Z');
        const card = build((b) =>
            statusCardBlocks(
                b,
                { language: 'en', utcOffset: 1 },
                {
                    roomId: 'room-3',
                    managerName: 'Ana Lima',
                    openedAt: new Date('2026-12-02T12:40:00Z'),
                    closesAt: new Date('2026-12-02T13:10:00Z'),
                    now,
                },
            ),
        );
        expect(texts(card)).toEqual(['Shift manager: Ana Lima\nOpen since: 1:40 PM\nCloses at: 2:10 PM']);
        expect(buttons(card)).toEqual([{ actionId: ActionId.End, value: 'room-3', label: 'End conversation' }]);
    });

    it('the status card says "waiting" while nobody has taken the room', () => {
        const now = new Date();
        const card = build((b) => statusCardBlocks(b, { language: 'es' }, { roomId: 'r', openedAt: now, closesAt: now, now }));
        expect(texts(card)[0]).toMatch(/^Responsable de turno: esperando a un responsable de turno\n/);
    });

    it('ending asks first, naming the manager, with both answers', () => {
        const confirm = build((b) => endConfirmationBlocks(b, { language: 'pt-BR' }, 'room-3'));
        expect(endQuestion('pt-BR', 'Ben')).toBe('Encerrar agora a conversa com Ben?');
        expect(texts(confirm)).toEqual([]);
        expect(buttons(confirm)).toEqual([
            { actionId: ActionId.EndConfirm, value: 'room-3', label: 'Sim, encerrar' },
            { actionId: ActionId.EndCancel, value: 'room-3', label: 'Não, manter' },
        ]);
        expect(endQuestion('en')).toBe(translate('en', 'end_confirm_waiting'));
    });

    it('the no-manager notice offers "Try again" for the undelivered message', () => {
        const notice = build((b) => noManagerBlocks(b, { language: 'en' }, 'msg-7'));
        expect(buttons(notice)).toEqual([{ actionId: ActionId.TryAgain, value: 'msg-7', label: 'Try again' }]);
    });

    it('help lists each command with its translated description', () => {
        expect(texts(build((b) => helpBlocks(b, { language: 'de' })))).toEqual([
            '/shiftlink status: zeigt Ihr Gespräch: wer antwortet und wann es schließt\n/shiftlink end: beendet Ihr Gespräch jetzt (mit Rückfrage)\n/shiftlink help: zeigt diese Liste',
        ]);
    });

    it('action ids are the published ones', () => {
        expect(Object.values(ActionId).sort()).toEqual([
            'shiftlink_end',
            'shiftlink_end_cancel',
            'shiftlink_end_confirm',
            'shiftlink_keep_open',
            'shiftlink_try_again',
        ]);
    });
});
