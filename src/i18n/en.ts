import { PluralText } from '../lib/plural';

// Runtime texts the app sends to people. Every language file has the same keys, and a plural text (with
// `count` naming the number that picks the form) wherever English has one: the compiler checks both.
// Texts name people and times, never ids; nothing is written in capitals for emphasis.
export const en = {
    session_connected: 'You are connected to ShiftLink. A shift manager will answer here shortly.',
    session_waiting: 'Your message is waiting for a shift manager. I will tell you here as soon as one joins.',
    agent_joined: '{agent} (shift manager) joined the conversation.',
    agent_took_over: '{agent} took over from {previous}.',
    idle_warning: {
        count: 'minutes',
        one: 'No messages for a while: this conversation closes in {minutes} minute unless someone writes.',
        other: 'No messages for a while: this conversation closes in {minutes} minutes unless someone writes.',
    },
    idle_warning_manager: {
        count: 'minutes',
        one: 'ShiftLink: this conversation closes in {minutes} minute unless someone writes.',
        other: 'ShiftLink: this conversation closes in {minutes} minutes unless someone writes.',
    },
    close_notice: {
        count: 'minutes',
        one: 'The conversation was closed after {minutes} minute without messages. Write again to start a new one.',
        other: 'The conversation was closed after {minutes} minutes without messages. Write again to start a new one.',
    },
    close_comment: {
        count: 'minutes',
        one: 'Closed by ShiftLink after {minutes} minute without messages.',
        other: 'Closed by ShiftLink after {minutes} minutes without messages.',
    },
    queue_timeout_notice: {
        count: 'minutes',
        one: 'No shift manager took your request within {minutes} minute. Write again to retry.',
        other: 'No shift manager took your request within {minutes} minutes. Write again to retry.',
    },
    queue_timeout_comment: {
        count: 'minutes',
        one: 'Closed by ShiftLink: no shift manager took the request within {minutes} minute.',
        other: 'Closed by ShiftLink: no shift manager took the request within {minutes} minutes.',
    },
    closed_by_manager: 'The conversation with the shift manager was closed. Write again to start a new one.',
    closed_by_rep: 'You ended the conversation. Write again to start a new one.',
    closed_by_rep_comment: 'Ended by the representative with /shiftlink end.',
    uninstall_comment: 'ShiftLink was removed by an administrator.',
    uninstall_notice: 'ShiftLink was removed by an administrator, so this conversation is closed.',
    setup_failed_comment: 'ShiftLink could not set up this conversation; the representative was asked to write again.',
    duplicate_room_comment: 'Duplicate ShiftLink room: the conversation continues in another room.',
    no_manager: 'No shift manager is online in {department} right now, so your message was not delivered. Try again in a moment.',
    not_configured: 'ShiftLink is not set up yet, so your message was not delivered. Please tell your administrator.',
    delivery_failed: 'Your message could not be delivered. Please try again in a moment.',
    not_allowed: 'You are not allowed to use ShiftLink, so your message was not delivered.',
    nothing_to_retry: 'There is no undelivered message to send again.',
    status_waiting: 'waiting for a shift manager',
    status_none: 'You have no open ShiftLink conversation. Write to me to start one.',
    status_title: 'Your ShiftLink conversation',
    status_manager: 'Shift manager',
    status_open_since: 'Open since',
    status_closes_at: 'Closes at',
    end_none: 'You have no open ShiftLink conversation to end.',
    end_confirm: 'End the conversation with {agent} now?',
    end_confirm_waiting: 'End your conversation now? Nobody has joined it yet.',
    kept_open: '{name} kept the conversation open.',
    command_failed: 'ShiftLink could not do that right now. Please try again in a moment.',
    help: 'ShiftLink connects you with a shift manager: just write to me.\n/shiftlink status: show your conversation\n/shiftlink end: end it now\n/shiftlink help: this text',
    help_intro: 'ShiftLink connects you with a shift manager: just write to me. Commands:',
    help_status: 'shows your conversation: who answers and when it closes',
    help_end: 'ends your conversation now (asks first)',
    help_help: 'shows this list',
    unknown_option: 'Unknown option "{option}".',
    late_prefix: '[written {time}, delivered late]',
    relay_failed_manager: 'ShiftLink could not deliver your message to the representative. Please send it again.',
    from_manager_alias: '{agent} (shift manager)',
    manager_intro: 'ShiftLink conversation with {rep}. Your answers here reach them in their direct messages.',
    button_keep_open: 'Keep it open',
    button_end: 'End conversation',
    button_end_confirm: 'Yes, end it',
    button_end_cancel: 'No, keep it',
    button_try_again: 'Try again',
} as const;

type Widen<T> = T extends string ? string : PluralText;
export type TextKey = keyof typeof en;
export type Catalog = { [K in TextKey]: Widen<(typeof en)[K]> };
