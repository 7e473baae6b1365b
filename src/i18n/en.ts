// Runtime texts the app sends to people. Keys are shared by every language file (the compiler checks it).
export const en = {
    session_connected: 'You are connected to ShiftLink. A shift manager will answer here shortly.',
    agent_joined: '{agent} (shift manager) joined the conversation.',
    idle_warning: 'No messages for a while: this conversation closes in {minutes} minute(s) unless someone writes.',
    idle_warning_manager: 'ShiftLink: this conversation closes in {minutes} minute(s) unless someone writes.',
    close_notice: 'The conversation was closed after {minutes} minute(s) without messages. Write again to start a new one.',
    close_comment: 'Closed by ShiftLink after {minutes} minute(s) without messages.',
    closed_by_manager: 'The conversation with the shift manager was closed. Write again to start a new one.',
    closed_by_rep: 'You ended the conversation. Write again to start a new one.',
    closed_by_rep_comment: 'Ended by the representative with /shiftlink end.',
    uninstall_comment: 'ShiftLink was removed by an administrator.',
    uninstall_notice: 'ShiftLink was removed by an administrator, so this conversation is closed.',
    setup_failed_comment: 'ShiftLink could not set up this conversation; the representative was asked to write again.',
    duplicate_room_comment: 'Duplicate ShiftLink room: the conversation continues in another room.',
    no_manager: 'No shift manager is online in {department} right now. Your message was NOT delivered; please try again later.',
    not_configured: 'ShiftLink is not set up yet, so your message was NOT delivered. Please tell your administrator.',
    delivery_failed: 'Your message could not be delivered. Please try again in a moment.',
    not_allowed: 'You are not allowed to use ShiftLink. Your message was NOT delivered.',
    status_open: 'Your ShiftLink conversation is open (room {room}). Shift manager: {agent}. It closes after {minutes} more minute(s) without messages.',
    status_waiting: 'waiting for a shift manager',
    status_none: 'You have no open ShiftLink conversation. Write to me to start one.',
    end_none: 'You have no open ShiftLink conversation to end.',
    command_failed: 'ShiftLink could not do that right now. Please try again in a moment.',
    help: 'ShiftLink connects you with a shift manager: just write to me.\n/shiftlink status: show your conversation\n/shiftlink end: end it now\n/shiftlink help: this text',
    unknown_option: 'Unknown option "{option}".',
    late_prefix: '[written {time}, delivered late]',
    relay_failed_manager: 'ShiftLink could not deliver your message to the representative. Please send it again.',
    from_manager_alias: '{agent} (shift manager)',
} as const;

export type TextKey = keyof typeof en;
export type Catalog = Record<TextKey, string>;
