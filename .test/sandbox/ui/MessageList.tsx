import {
    Avatar,
    Box,
    Message,
    MessageBlock,
    MessageBody,
    MessageContainer,
    MessageDivider,
    MessageHeader,
    MessageLeftContainer,
    MessageName,
    MessageNameContainer,
    MessageRole,
    MessageRoles,
    MessageSystem,
    MessageSystemBlock,
    MessageSystemBody,
    MessageSystemContainer,
    MessageSystemLeftContainer,
    MessageSystemName,
    MessageSystemTimestamp,
    MessageTimestamp,
    MessageUsername,
} from '@rocket.chat/fuselage';
import type { IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';
import type { ReactNode } from 'react';
import { Fragment, useLayoutEffect, useRef } from 'react';

import type { ChatMessage } from '../state';
import { Markdown } from './Markdown';
import { dayOf, hhmm } from './time';
import type { ButtonHandler } from './UiKitBlocks';
import { UiKitBlocks } from './UiKitBlocks';

// Rocket.Chat's flat message list with fuselage's Message components: avatar, name (the alias when there is
// one), @username, the App tag for app messages, the time; system messages as one line; a divider per day.

const SYSTEM_TEXT: Record<string, string> = {
    'livechat-started': 'Chat started',
    'livechat-close': 'Conversation closed',
    livechat_transfer_history: 'New chat transfer',
    command: 'Command',
    uj: 'joined the room',
    ul: 'left the room',
};

const STICK_PX = 48;
// RC's room never shows these: 'command' messages are instructions for the livechat widget ('connected'…).
const HIDDEN_TYPES = new Set(['command']);
// System messages whose text is a username or data, not words for the reader.
const LABEL_ONLY = new Set(['uj', 'ul', 'livechat-started', 'livechat_transfer_history']);

export const avatarUrl = (username: string) => `/avatar/${encodeURIComponent(username)}`;

function Attachments({ attachments }: { attachments: IMessageAttachment[] }) {
    return (
        <>
            {attachments.map((a, i) => (
                <Box key={i} className="sl-attachment" data-testid="attachment" style={{ borderInlineStartColor: a.color || undefined }}>
                    {a.author?.name && <Box fontScale="p2b">{a.author.name}</Box>}
                    {a.title?.value && <Box fontScale="p2b">{a.title.value}</Box>}
                    {a.text && <Markdown text={a.text} />}
                </Box>
            ))}
        </>
    );
}

function SystemLine({ message, testId }: { message: ChatMessage; testId: string }) {
    const label = SYSTEM_TEXT[message.system!] ?? message.system;
    return (
        <MessageSystem data-testid={testId} data-system={message.system} data-at={message.at}>
            <MessageSystemLeftContainer>
                <Avatar size="x18" url={avatarUrl(message.sender.username)} />
            </MessageSystemLeftContainer>
            <MessageSystemContainer>
                <MessageSystemBlock>
                    <MessageSystemName>{message.sender.name}</MessageSystemName>{' '}
                    <MessageSystemBody data-testid="system-text">
                        {label}
                        {message.text && !LABEL_ONLY.has(message.system!) ? `: ${message.text}` : ''}
                    </MessageSystemBody>{' '}
                    <MessageSystemTimestamp title={message.at} data-testid="message-time">
                        {hhmm(message.at)}
                    </MessageSystemTimestamp>
                </MessageSystemBlock>
            </MessageSystemContainer>
        </MessageSystem>
    );
}

function UserMessage({
    message,
    testId,
    onButton,
}: {
    message: ChatMessage;
    testId: string;
    onButton?: (message: ChatMessage) => ButtonHandler;
}) {
    return (
        <Message
            data-testid={testId}
            data-from-bot={String(message.app)}
            data-ephemeral={String(message.ephemeral)}
            data-message-id={message.id}
            data-at={message.at}
        >
            <MessageLeftContainer>
                <Avatar size="x36" url={avatarUrl(message.sender.username)} />
            </MessageLeftContainer>
            <MessageContainer>
                <MessageHeader>
                    <MessageNameContainer>
                        <MessageName data-testid="message-name">{message.alias || message.sender.name}</MessageName>{' '}
                        <MessageUsername>@{message.sender.username}</MessageUsername>
                    </MessageNameContainer>
                    {message.app && (
                        <MessageRoles>
                            <MessageRole data-testid="app-tag">App</MessageRole>
                        </MessageRoles>
                    )}
                    <MessageTimestamp title={message.at} data-testid="message-time">
                        {hhmm(message.at)}
                    </MessageTimestamp>
                </MessageHeader>
                {message.text && (
                    <MessageBody data-testid="message-text">
                        <Markdown text={message.text} />
                    </MessageBody>
                )}
                {message.blocks?.length ? (
                    <MessageBlock fixedWidth>
                        <UiKitBlocks blocks={message.blocks} onClick={onButton?.(message)} />
                    </MessageBlock>
                ) : null}
                {message.attachments?.length ? (
                    <MessageBlock>
                        <Attachments attachments={message.attachments} />
                    </MessageBlock>
                ) : null}
                {message.ephemeral && (
                    <Box fontScale="c1" color="hint" data-testid="only-you">
                        Only you can see this message
                    </Box>
                )}
            </MessageContainer>
        </Message>
    );
}

/**
 * A room's messages in a scroller that follows new messages while the reader is at the bottom. `testId` marks
 * each row (the browser test finds messages by it); `onButton` makes UIKit buttons clickable.
 */
export function MessageList({
    messages,
    testId,
    listTestId,
    onButton,
    empty,
}: {
    messages: ChatMessage[];
    testId: string;
    listTestId: string;
    onButton?: (message: ChatMessage) => ButtonHandler;
    empty: ReactNode;
}) {
    const scroller = useRef<HTMLDivElement>(null);
    const stuck = useRef(true);
    useLayoutEffect(() => {
        const box = scroller.current;
        if (box && stuck.current) {
            box.scrollTop = box.scrollHeight;
        }
    });
    let day = '';
    return (
        <div
            className="sl-messages"
            ref={scroller}
            role="log"
            aria-live="polite"
            data-testid={listTestId}
            onScroll={(e) => {
                const box = e.currentTarget;
                stuck.current = box.scrollHeight - box.scrollTop - box.clientHeight <= STICK_PX;
            }}
        >
            {messages.length === 0 && <Box className="sl-empty">{empty}</Box>}
            {messages
                .filter((m) => !HIDDEN_TYPES.has(m.system ?? ''))
                .map((message) => {
                    const divider = dayOf(message.at) !== day ? <MessageDivider>{dayOf(message.at)}</MessageDivider> : null;
                    day = dayOf(message.at);
                    return (
                        <Fragment key={message.id}>
                            {divider}
                            {message.system ? (
                                <SystemLine message={message} testId={testId} />
                            ) : (
                                <UserMessage message={message} testId={testId} onButton={onButton} />
                            )}
                        </Fragment>
                    );
                })}
        </div>
    );
}
