import { Avatar, Box, Button, StatusBullet, Tag } from '@rocket.chat/fuselage';
import { useState } from 'react';

import type { SandboxState } from '../state';
import { post } from './api';
import { avatarUrl } from './MessageList';
import { hhmm, hhmmss, mss } from './time';

// Fixed-height, fixed-width slots: nothing in the bar moves when a session opens or closes.

function Session({ state, now }: { state: SandboxState; now: number }) {
    const session = state.session;
    const room = session && state.rooms.find((r) => r.id === session.roomId);
    if (!session || !room) {
        return (
            <Box className="sl-session" data-testid="session-info" data-open="false">
                <Box fontScale="p2m" color="hint" id="no-session">
                    No open session
                </Box>
                <Box fontScale="c1" color="hint">
                    A message from the rep opens one
                </Box>
            </Box>
        );
    }
    const closeIn = session.closeAt ? Date.parse(session.closeAt) - now : undefined;
    const warnIn = session.warnAt ? Date.parse(session.warnAt) - now : undefined;
    return (
        <Box
            className="sl-session"
            data-testid="session-info"
            data-open="true"
            title={session.jobAt ? `ShiftLink's idle check runs next at ${hhmm(session.jobAt)}` : undefined}
        >
            <Box fontScale="p2m" className="sl-nowrap">
                <StatusBullet status="online" /> {room.visitorName} ↔ {room.servedBy?.name ?? 'waiting for an agent'}
            </Box>
            <Box fontScale="c1" color="hint" className="sl-nowrap" data-testid="countdown">
                {closeIn !== undefined ? `idle close in ${mss(closeIn)}` : ''}
                {warnIn !== undefined && warnIn > 0 ? ` · warning in ${mss(warnIn)}` : ''}
            </Box>
        </Box>
    );
}

export function TopBar({
    state,
    connected,
    now,
    onSettings,
}: {
    state?: SandboxState;
    connected: boolean;
    now: number;
    onSettings: () => void;
}) {
    const [busy, setBusy] = useState(false);
    const advance = (minutes: number) => {
        setBusy(true);
        post('clock/advance', { minutes })
            .catch(() => undefined)
            .finally(() => setBusy(false));
    };
    return (
        <header className="sl-topbar">
            <Box className="sl-brand">
                {state && <Avatar size="x28" url={avatarUrl(state.bot.username)} />}
                <Box fontScale="h4" marginInlineStart={8}>
                    ShiftLink
                </Box>
                <Tag marginInlineStart={8}>sandbox</Tag>
            </Box>
            <Box className="sl-clock" aria-label="Virtual clock">
                <Box className="sl-clock-text">
                    <Box fontScale="c1" color="hint">
                        Virtual clock (UTC)
                    </Box>
                    <Box fontScale="p1b" is="time" data-testid="clock" title={state?.clock}>
                        {state ? hhmmss(new Date(now).toISOString()) : '--:--:--'}
                    </Box>
                </Box>
                <Button small secondary icon="clock" data-testid="advance-1" disabled={busy || !state} onClick={() => advance(1)}>
                    +1 min
                </Button>
                <Button
                    small
                    secondary
                    icon="clock"
                    data-testid="advance-5"
                    disabled={busy || !state}
                    onClick={() => advance(5)}
                    marginInlineStart={8}
                >
                    +5 min
                </Button>
            </Box>
            {state ? <Session state={state} now={now} /> : <Box className="sl-session" />}
            <Box className="sl-topbar-right">
                <Box className="sl-connection" data-testid="connection" data-state={connected ? 'up' : 'down'} fontScale="c1">
                    <StatusBullet status={connected ? 'online' : 'offline'} /> {connected ? 'Live' : 'Offline'}
                </Box>
                <Button small secondary icon="customize" data-testid="settings-open" onClick={onSettings}>
                    Settings
                </Button>
            </Box>
        </header>
    );
}
