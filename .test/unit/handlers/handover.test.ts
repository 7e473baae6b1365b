import { ILivechatEventContext, ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { IUser } from '@rocket.chat/apps-engine/definition/users';
import { HandoverSession, onAgentAssignedNotice, onAgentUnassignedNotice } from '../../../src/handlers/handover';
import { translate, TextVars } from '../../../src/lib/i18n';
import { TextKey } from '../../../src/i18n/en';

const ana = { id: 'ana', username: 'ana', name: 'Ana' } as IUser;
const ben = { id: 'ben', username: 'ben', name: 'Ben' } as IUser;
const room = (servedBy?: IUser, isOpen = true) =>
    ({ id: 'room-1', isOpen, visitor: { token: 't' }, ...(servedBy && { servedBy }) }) as unknown as ILivechatRoom;

function session(ours = true): HandoverSession & { told: string[] } {
    const told: string[] = [];
    return {
        told,
        repOfRoom: async () => (ours ? { repId: 'rep-1' } : undefined),
        tellRep: async (_rep, key: TextKey, vars?: TextVars) => void told.push(translate('en', key, vars)),
    };
}

describe('handover notices', () => {
    it('first assignment (room was unserved): "joined"', async () => {
        const s = session();
        await onAgentAssignedNotice(s, { room: room(), agent: ana } as ILivechatEventContext);
        expect(s.told).toEqual(['Ana (shift manager) joined the conversation.']);
    });

    it('a transfer tells the rep once who took over from whom, and the unassignment adds nothing', async () => {
        const s = session();
        // RC's order: AgentAssigned (room as before: Ana), then AgentUnassigned (room as after: Ben).
        await onAgentAssignedNotice(s, { room: room(ana), agent: ben } as ILivechatEventContext);
        await onAgentUnassignedNotice(s, { room: room(ben), agent: ana } as ILivechatEventContext);
        expect(s.told).toEqual(['Ben took over from Ana.']);
    });

    it('in any order: the unassignment arriving first changes nothing', async () => {
        const s = session();
        await onAgentUnassignedNotice(s, { room: room(ben), agent: ana } as ILivechatEventContext);
        await onAgentAssignedNotice(s, { room: room(ana), agent: ben } as ILivechatEventContext);
        expect(s.told).toEqual(['Ben took over from Ana.']);
    });

    it('forwarded into a queue: the rep is waiting again, then told who joins', async () => {
        const s = session();
        await onAgentUnassignedNotice(s, { room: room(), agent: ana } as ILivechatEventContext);
        await onAgentAssignedNotice(s, { room: room(), agent: ben } as ILivechatEventContext);
        expect(s.told).toEqual([translate('en', 'session_waiting'), 'Ben (shift manager) joined the conversation.']);
    });

    it('says nothing for rooms that are not ShiftLink sessions, closed rooms, or an agent re-assigned to itself', async () => {
        const other = session(false);
        await onAgentAssignedNotice(other, { room: room(), agent: ana } as ILivechatEventContext);
        await onAgentUnassignedNotice(other, { room: room(), agent: ana } as ILivechatEventContext);
        expect(other.told).toEqual([]);
        const s = session();
        await onAgentUnassignedNotice(s, { room: room(undefined, false), agent: ana } as ILivechatEventContext);
        await onAgentAssignedNotice(s, { room: room(ana), agent: ana } as ILivechatEventContext);
        expect(s.told).toEqual([]);
    });
});
