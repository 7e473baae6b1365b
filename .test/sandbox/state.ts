import type { IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';

// The JSON the page (ui/) renders. Every time is an ISO string of the model's virtual clock, the one
// clock the server stamps messages, notifications and closes with.

/** A message as RC's client shows it: stored, system ('livechat-close'…) or ephemeral (notifyUser). */
export interface ChatMessage {
    id: string;
    at: string;
    text?: string;
    /** RC's message type for system messages ('livechat-started', 'livechat-close', 'livechat_transfer_history'). */
    system?: string;
    sender: { id: string; username: string; name: string };
    /** RC shows the alias as the author's name (the app's relayed messages carry the manager's). */
    alias?: string;
    /** Posted by an app's bot user: RC adds the App tag. */
    app: boolean;
    /** Written by the room's visitor (ShiftLink writes as the rep's visitor). */
    visitor: boolean;
    /** Seen only by the one user it was sent to ("Only you can see this message"). */
    ephemeral: boolean;
    attachments?: IMessageAttachment[];
    /** UIKit blocks (section, actions, context, divider); buttons are clicked through the host's block-action path. */
    blocks?: unknown[];
}

export interface RoomState {
    id: string;
    open: boolean;
    visitorName?: string;
    servedBy?: { id: string; name: string };
    department?: string;
    closeComment?: string;
    closedAt?: string;
    messages: ChatMessage[];
}

export interface SettingState {
    id: string;
    type: string;
    label: string;
    description?: string;
    multiline?: boolean;
    values?: Array<{ key: string; label: string }>;
    value: unknown;
}

export interface SessionState {
    roomId: string;
    closeAt: string | null;
    /** null when the warning is off. */
    warnAt: string | null;
    /** When ShiftLink's idle job for the room next runs (it re-reads the room then). */
    jobAt: string | null;
}

export interface AgentState {
    id: string;
    username: string;
    name: string;
    online: boolean;
    department?: string;
}

export interface SandboxState {
    clock: string;
    bot: { id: string; username: string; name: string };
    rep: { id: string; username: string; name: string };
    /** The rep's DM with the bot, ephemeral replies included, in the order they arrived. */
    dm: ChatMessage[];
    /** The shift manager first, then the colleague a room can be forwarded to. */
    agents: AgentState[];
    rooms: RoomState[];
    session: SessionState | null;
    settings: SettingState[];
    logs: Array<{ at: string; level: string; text: string }>;
}
