import { Avatar, Box, Tag } from '@rocket.chat/fuselage';

import type { ChatMessage, SandboxState } from '../state';
import { post } from './api';
import { Composer } from './Composer';
import { avatarUrl, MessageList } from './MessageList';

const COMMAND = /^\/shiftlink(?:\s+|$)/i;

/** The representative's DM with the ShiftLink bot, as Rocket.Chat shows it to the rep. */
export function RepPane({ state }: { state: SandboxState }) {
    const click = (message: ChatMessage) => (actionId: string, value?: string) =>
        post('button', { as: 'rep', messageId: message.id, actionId, value });
    return (
        <section className="sl-pane sl-pane-rep" aria-label="Representative">
            <Box className="sl-viewpoint" fontScale="c2">
                <Avatar size="x20" url={avatarUrl(state.rep.username)} />
                <span>
                    Representative view · <strong>{state.rep.name}</strong>
                </span>
            </Box>
            <Box className="sl-room-header">
                <Avatar size="x36" url={avatarUrl(state.bot.username)} />
                <Box className="sl-room-title">
                    <Box fontScale="h4" className="sl-title-row">
                        <span>{state.bot.name}</span>
                        <Tag>App</Tag>
                    </Box>
                    <Box fontScale="c1" color="hint" className="sl-nowrap">
                        Direct message · @{state.bot.username}
                    </Box>
                </Box>
            </Box>
            <MessageList
                messages={state.dm}
                testId="rep-message"
                listTestId="rep-messages"
                onButton={click}
                empty="Write to ShiftLink to reach the shift manager."
            />
            <Composer
                testId="rep"
                placeholder={`Message @${state.bot.username}`}
                hint={(text) => (COMMAND.test(text) ? 'Runs the slash command /shiftlink: the reply is visible only to you.' : undefined)}
                onSend={(text) =>
                    COMMAND.test(text.trim())
                        ? post('rep/command', { args: text.trim().split(/\s+/).slice(1) })
                        : post('rep/message', { text })
                }
            />
        </section>
    );
}
