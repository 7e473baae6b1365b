import {
    Avatar,
    Box,
    Button,
    Field,
    FieldLabel,
    FieldRow,
    Modal,
    ModalClose,
    ModalContent,
    ModalFooter,
    ModalFooterControllers,
    ModalHeader,
    ModalTitle,
    RadioButton,
    StatusBullet,
    Tag,
    TextInput,
    ToggleSwitch,
} from '@rocket.chat/fuselage';
import type { ReactNode } from 'react';
import { useEffect, useRef, useState } from 'react';

import type { ChatMessage, RoomState, SandboxState } from '../state';
import { post } from './api';
import { Composer } from './Composer';
import { avatarUrl, MessageList } from './MessageList';
import { hhmm } from './time';

const DEFAULT_CLOSE_COMMENT = 'Closed by shift manager';

function lastMessage(room: RoomState): ChatMessage | undefined {
    return room.messages.filter((m) => !m.system).pop();
}

/** Omnichannel's queue: open chats, then closed ones; newest first in each. */
function Queue({ rooms, selectedId, onSelect }: { rooms: RoomState[]; selectedId?: string; onSelect: (id: string) => void }) {
    const newestFirst = [...rooms].reverse();
    const section = (title: string, list: RoomState[]) => (
        <>
            <Box className="sl-queue-title" fontScale="p2b" color="hint">
                {title} <span>{list.length}</span>
            </Box>
            {list.map((room) => {
                const last = lastMessage(room);
                return (
                    <button
                        type="button"
                        key={room.id}
                        className={`sl-queue-item${room.id === selectedId ? ' sl-selected' : ''}`}
                        data-testid="room-item"
                        data-open={String(room.open)}
                        data-room-id={room.id}
                        data-selected={String(room.id === selectedId)}
                        onClick={() => onSelect(room.id)}
                    >
                        <Avatar size="x28" url={avatarUrl(room.visitorName ?? 'visitor')} />
                        <span className="sl-queue-text">
                            <span className="sl-queue-row">
                                <Box is="span" fontScale="p2m" className="sl-ellipsis">
                                    {room.visitorName}
                                </Box>
                                <Box is="span" fontScale="c1" color="hint">
                                    {last ? hhmm(last.at) : ''}
                                </Box>
                            </span>
                            <Box is="span" fontScale="c1" color="hint" className="sl-ellipsis">
                                {room.servedBy?.name ?? 'Waiting for an agent'} · {room.department}
                            </Box>
                        </span>
                    </button>
                );
            })}
        </>
    );
    return (
        <nav className="sl-queue" aria-label="Omnichannel queue" data-testid="room-list">
            <Box className="sl-queue-header" fontScale="h5">
                Omnichannel
            </Box>
            <Box className="sl-queue-list">
                {section(
                    'In progress',
                    newestFirst.filter((r) => r.open),
                )}
                {section(
                    'Closed',
                    newestFirst.filter((r) => !r.open),
                )}
            </Box>
        </nav>
    );
}

/**
 * RC's confirm dialog: a title, a body, Cancel and one action. The action posts to the sandbox and closes the
 * dialog when the server took it.
 */
function ActionDialog(props: {
    testId: string;
    title: string;
    action: { label: string; danger?: boolean; testId: string; disabled?: boolean; path: string; body: () => Record<string, unknown> };
    onClose: () => void;
    children: ReactNode;
}) {
    const { testId, title, action, onClose, children } = props;
    const [busy, setBusy] = useState(false);
    const run = () => {
        setBusy(true);
        post(action.path, action.body())
            .then(onClose)
            .catch(() => undefined)
            .finally(() => setBusy(false));
    };
    return (
        <div className="sl-modal-backdrop">
            <Modal data-testid={testId}>
                <ModalHeader>
                    <ModalTitle>{title}</ModalTitle>
                    <ModalClose onClick={onClose} />
                </ModalHeader>
                <ModalContent>{children}</ModalContent>
                <ModalFooter>
                    <ModalFooterControllers>
                        <Button secondary onClick={onClose}>
                            Cancel
                        </Button>
                        <Button
                            primary={!action.danger}
                            danger={action.danger}
                            onClick={run}
                            disabled={action.disabled}
                            loading={busy}
                            data-testid={action.testId}
                        >
                            {action.label}
                        </Button>
                    </ModalFooterControllers>
                </ModalFooter>
            </Modal>
        </div>
    );
}

function ForwardModal({ room, state, onClose }: { room: RoomState; state: SandboxState; onClose: () => void }) {
    const targets = state.agents.filter((a) => a.id !== room.servedBy?.id);
    const [agentId, setAgentId] = useState(targets.find((a) => a.online)?.id);
    return (
        <ActionDialog
            testId="forward-dialog"
            title="Forward chat"
            action={{
                label: 'Forward',
                testId: 'forward-confirm',
                disabled: !agentId,
                path: 'agent/forward',
                body: () => ({ roomId: room.id, agentId }),
            }}
            onClose={onClose}
        >
            <Box fontScale="p2" marginBlockEnd={16}>
                Hand {room.visitorName}&apos;s conversation over to another agent. ShiftLink keeps relaying to whoever serves the room.
            </Box>
            {targets.map((agent) => (
                <Box is="label" key={agent.id} className="sl-radio-row" data-testid={`forward-agent-${agent.username}`}>
                    <RadioButton checked={agentId === agent.id} onChange={() => setAgentId(agent.id)} disabled={!agent.online} />
                    <Avatar size="x28" url={avatarUrl(agent.username)} />
                    <span>
                        <Box fontScale="p2m">{agent.name}</Box>
                        <Box fontScale="c1" color="hint">
                            <StatusBullet status={agent.online ? 'online' : 'offline'} /> {agent.online ? 'Available' : 'Not available'} ·{' '}
                            {agent.department}
                        </Box>
                    </span>
                </Box>
            ))}
        </ActionDialog>
    );
}

function CloseModal({ room, onClose }: { room: RoomState; onClose: () => void }) {
    const [comment, setComment] = useState(DEFAULT_CLOSE_COMMENT);
    return (
        <ActionDialog
            testId="close-dialog"
            title="Close conversation"
            action={{
                label: 'Close conversation',
                danger: true,
                testId: 'close-confirm',
                path: 'agent/close',
                body: () => ({ roomId: room.id, comment }),
            }}
            onClose={onClose}
        >
            <Field>
                <FieldLabel htmlFor="close-comment">Comment</FieldLabel>
                <FieldRow>
                    <TextInput
                        id="close-comment"
                        data-testid="close-comment"
                        value={comment}
                        onChange={(e) => setComment((e.target as HTMLInputElement).value)}
                    />
                </FieldRow>
            </Field>
        </ActionDialog>
    );
}

/** The shift manager: an Omnichannel agent with the queue and the selected room, as RC's agent sees them. */
export function ManagerPane({ state }: { state: SandboxState }) {
    const manager = state.agents[0];
    const [selectedId, setSelectedId] = useState<string>();
    const [dialog, setDialog] = useState<'forward' | 'close'>();
    const known = useRef<Set<string> | undefined>(undefined);
    // A newly opened room is selected, as RC opens an incoming chat; otherwise the reader's choice stays.
    useEffect(() => {
        const appeared = known.current ? state.rooms.filter((r) => r.open && !known.current!.has(r.id)) : [];
        known.current = new Set(state.rooms.map((r) => r.id));
        if (appeared.length) {
            setSelectedId(appeared[appeared.length - 1].id);
        } else if (!selectedId && state.rooms.length) {
            setSelectedId((state.rooms.filter((r) => r.open).pop() ?? state.rooms[state.rooms.length - 1]).id);
        }
    }, [state.rooms, selectedId]);
    const room = state.rooms.find((r) => r.id === selectedId);
    // The pane is the desk of the agent serving the selected room (Bruno after a handover): their name, their
    // availability, their replies and clicks. The app's room notices (notifyRoom) show to every member of the
    // room, as the host keeps them.
    const viewer = state.agents.find((a) => a.id === room?.servedBy?.id) ?? manager;
    const click = (message: ChatMessage) => (actionId: string, value?: string) =>
        post('button', { as: viewer.id, messageId: message.id, actionId, value });

    return (
        <section className="sl-pane sl-pane-manager" aria-label="Shift manager">
            <Box className="sl-viewpoint" fontScale="c2">
                <Avatar size="x20" url={avatarUrl(viewer.username)} />
                <span className="sl-nowrap" data-testid="manager-viewer">
                    Shift manager view · <strong>{viewer.name}</strong> · Omnichannel agent, {viewer.department}
                </span>
                <Box is="label" className="sl-availability" fontScale="c2">
                    <StatusBullet status={viewer.online ? 'online' : 'offline'} />
                    <span className="sl-availability-label">{viewer.online ? 'Available' : 'Not available'}</span>
                    <ToggleSwitch
                        data-testid="agent-online"
                        checked={viewer.online}
                        onChange={() => post('agent/online', { agentId: viewer.id, online: !viewer.online }).catch(() => undefined)}
                    />
                </Box>
            </Box>
            <div className="sl-manager-body">
                <Queue rooms={state.rooms} selectedId={selectedId} onSelect={setSelectedId} />
                <div className="sl-conversation">
                    <Box className="sl-room-head" data-testid="room-header">
                        <Box className="sl-room-header">
                            {room ? (
                                <>
                                    <Avatar size="x36" url={avatarUrl(room.visitorName ?? 'visitor')} />
                                    <Box className="sl-room-title">
                                        <Box fontScale="h4" className="sl-title-row" data-testid="room-title">
                                            <span>{room.visitorName}</span>
                                            <Tag variant={room.open ? 'primary' : undefined} data-testid="room-status">
                                                {room.open ? 'Open' : 'Closed'}
                                            </Tag>
                                        </Box>
                                        <Box fontScale="c1" color="hint" className="sl-ellipsis" data-testid="room-meta">
                                            Agent: {room.servedBy?.name ?? 'none'} · Department: {room.department ?? 'none'}
                                        </Box>
                                    </Box>
                                </>
                            ) : (
                                <Box fontScale="p2" color="hint" data-testid="room-title">
                                    No conversation selected
                                </Box>
                            )}
                        </Box>
                        <Box className="sl-room-toolbar">
                            <Box fontScale="c1" color="hint" className="sl-ellipsis" data-testid="room-state">
                                {room &&
                                    (room.open
                                        ? `Open since ${hhmm(room.messages[0]?.at ?? '')}`
                                        : `Closed at ${hhmm(room.closedAt ?? '')}`)}
                            </Box>
                            <Button
                                small
                                secondary
                                icon="balloon-arrow-top-right"
                                disabled={!room?.open}
                                data-testid="forward-open"
                                onClick={() => setDialog('forward')}
                            >
                                Forward
                            </Button>
                            <Button
                                small
                                danger
                                icon="balloon-close-top-right"
                                disabled={!room?.open}
                                data-testid="manager-close"
                                onClick={() => setDialog('close')}
                            >
                                Close
                            </Button>
                        </Box>
                    </Box>
                    <MessageList
                        messages={room?.messages ?? []}
                        testId="manager-message"
                        listTestId="manager-messages"
                        onButton={click}
                        empty={
                            state.rooms.length
                                ? 'Pick a conversation in the queue.'
                                : 'No conversations yet: the rep’s first message opens one.'
                        }
                    />
                    <Composer
                        testId="manager"
                        placeholder={room?.open ? `Reply to ${room.visitorName} as ${viewer.name}` : 'This conversation is closed'}
                        disabled={!room?.open}
                        onSend={(text) => post('agent/message', { roomId: room!.id, text })}
                    />
                </div>
            </div>
            {room && dialog === 'forward' && <ForwardModal room={room} state={state} onClose={() => setDialog(undefined)} />}
            {room && dialog === 'close' && <CloseModal room={room} onClose={() => setDialog(undefined)} />}
        </section>
    );
}
