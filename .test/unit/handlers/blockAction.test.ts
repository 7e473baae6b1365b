import { IModify } from '@rocket.chat/apps-engine/definition/accessors';
import { IMessage } from '@rocket.chat/apps-engine/definition/messages';
import { IRoom, RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { BlockBuilder } from '@rocket.chat/apps-engine/definition/uikit';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { ActionId } from '../../../src/config/actionIds';
import { BlockClick, onBlockAction, SessionActions } from '../../../src/handlers/blockAction';
import { translate } from '../../../src/lib/i18n';

/** The ephemeral replies the clicker would see: text and button action ids. */
function world(actions: Partial<SessionActions>) {
    const seen: Array<{ to: string; room: string; text: string; buttons: string[] }> = [];
    const errors: string[] = [];
    const notifier = {
        getMessageBuilder() {
            const message: Partial<IMessage> = {};
            const builder = {
                setRoom: (room: IRoom) => ((message.room = room), builder),
                setText: (text: string) => ((message.text = text), builder),
                setBlocks: (blocks: BlockBuilder) => ((message.blocks = blocks.getBlocks()), builder),
                getMessage: () => message as IMessage,
            };
            return builder;
        },
        async notifyUser(user: IUser, message: IMessage) {
            const buttons = ((message.blocks ?? []) as unknown as Array<{ elements?: Array<{ actionId: string }> }>)
                .flatMap((b) => b.elements ?? [])
                .map((e) => e.actionId);
            seen.push({ to: user.id, room: message.room.id, text: message.text ?? '', buttons });
        },
    };
    const ctx = {
        modify: { getNotifier: () => notifier } as unknown as IModify,
        logger: { error: (m: string) => errors.push(m) } as never,
        blockBuilder: () => new BlockBuilder('app-1'),
    };
    const calls: string[] = [];
    const all: SessionActions = {
        keepOpen: async (roomId, user) => (calls.push(`keepOpen ${roomId} ${user.id}`), 'kept'),
        endable: async (roomId) => (calls.push(`endable ${roomId}`), { managerName: 'Ana' }),
        end: async (roomId, rep) => (calls.push(`end ${roomId} ${rep.id}`), true),
        retry: async (messageId, rep) => (calls.push(`retry ${messageId} ${rep.id}`), 'sent'),
        ...actions,
    };
    const click = (actionId: string, value: string | undefined, roomType = RoomType.DIRECT_MESSAGE, language = 'en') =>
        onBlockAction(
            ctx,
            {
                actionId,
                value,
                user: {
                    id: 'rep-1',
                    username: 'ana.r',
                    name: 'Ana R',
                    utcOffset: 0,
                    settings: { preferences: { language } },
                } as unknown as IUser,
                room: { id: 'dm-1', type: roomType } as IRoom,
            } as BlockClick,
            all,
        );
    return { seen, errors, calls, click };
}

describe('block actions', () => {
    it('"Keep it open" keeps the session of the room in the button and answers the rep in their DM', async () => {
        const w = world({});
        await w.click(ActionId.KeepOpen, 'room-1');
        expect(w.calls).toEqual(['keepOpen room-1 rep-1']);
        expect(w.seen).toEqual([{ to: 'rep-1', room: 'dm-1', text: 'Ana R kept the conversation open.', buttons: [] }]);
    });

    it('"Keep it open" in the livechat room: the manager sees the note in the room, no extra reply', async () => {
        const w = world({});
        await w.click(ActionId.KeepOpen, 'room-1', RoomType.LIVE_CHAT);
        expect(w.calls).toEqual(['keepOpen room-1 rep-1']);
        expect(w.seen).toEqual([]);
    });

    it('"Keep it open" on a closed conversation says there is none', async () => {
        const w = world({ keepOpen: async () => 'closed' });
        await w.click(ActionId.KeepOpen, 'room-1');
        expect(w.seen.map((s) => s.text)).toEqual([translate('en', 'status_none')]);
    });

    it('"End conversation" asks first; only "Yes, end it" ends, "No" does nothing', async () => {
        const w = world({});
        await w.click(ActionId.End, 'room-1', RoomType.DIRECT_MESSAGE, 'de');
        expect(w.calls).toEqual(['endable room-1']);
        expect(w.seen).toEqual([
            { to: 'rep-1', room: 'dm-1', text: 'Das Gespräch mit Ana jetzt beenden?', buttons: [ActionId.EndConfirm, ActionId.EndCancel] },
        ]);
        await w.click(ActionId.EndCancel, 'room-1');
        expect(w.calls).toEqual(['endable room-1']);
        await w.click(ActionId.EndConfirm, 'room-1');
        expect(w.calls).toEqual(['endable room-1', 'end room-1 rep-1']);
        expect(w.seen).toHaveLength(1); // the close notice tells the rep, not the click
    });

    it('"End conversation" without an open session (old card) says so and asks nothing', async () => {
        const w = world({ endable: async () => undefined, end: async () => false });
        await w.click(ActionId.End, 'room-1');
        await w.click(ActionId.EndConfirm, 'room-1');
        expect(w.seen.map((s) => s.text)).toEqual([translate('en', 'end_none'), translate('en', 'end_none')]);
    });

    it('"Try again" resends the message in the button, or says there is nothing to resend', async () => {
        const w = world({});
        await w.click(ActionId.TryAgain, 'msg-1');
        expect(w.calls).toEqual(['retry msg-1 rep-1']);
        expect(w.seen).toEqual([]);
        const nothing = world({ retry: async () => 'nothing-to-retry' });
        await nothing.click(ActionId.TryAgain, 'msg-1');
        expect(nothing.seen.map((s) => s.text)).toEqual([translate('en', 'nothing_to_retry')]);
        const stillNobody = world({ retry: async () => 'not-delivered' });
        await stillNobody.click(ActionId.TryAgain, 'msg-1');
        expect(stillNobody.seen.map((s) => s.text)).toEqual([translate('en', 'delivery_failed')]);
    });

    it("ignores buttons that are not ShiftLink's, and reports a failing action to the clicker and the log", async () => {
        const w = world({ end: async () => Promise.reject(new Error('boom')) });
        await w.click('someone_elses_button', 'x');
        expect(w.calls).toEqual([]);
        expect(w.seen).toEqual([]);
        await w.click(ActionId.EndConfirm, 'room-1');
        expect(w.seen.map((s) => s.text)).toEqual([translate('en', 'command_failed')]);
        expect(w.errors).toEqual([`button ${ActionId.EndConfirm} of user rep-1 failed: boom`]);
    });
});
