import '@rocket.chat/fuselage/dist/fuselage.css';
import '@rocket.chat/icons/dist/rocketchat.css';
import './page.css';

import { Box, Throbber, ToastBar } from '@rocket.chat/fuselage';
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';

import { onActionError } from './api';
import { LogPanel } from './LogPanel';
import { ManagerPane } from './ManagerPane';
import { RepPane } from './RepPane';
import { SettingsBar } from './SettingsBar';
import { TopBar } from './TopBar';
import { useSandbox, useVirtualNow } from './useSandbox';

function Toasts() {
    const [toasts, setToasts] = useState<Array<{ id: number; text: string }>>([]);
    useEffect(
        () =>
            onActionError((text) => {
                const id = Date.now() + Math.random();
                setToasts((list) => [...list.slice(-3), { id, text }]);
                setTimeout(() => setToasts((list) => list.filter((t) => t.id !== id)), 6000);
            }),
        [],
    );
    return (
        <div className="sl-toasts" aria-live="assertive">
            {toasts.map((toast) => (
                <ToastBar key={toast.id} variant="error" data-testid="toast">
                    {toast.text}
                </ToastBar>
            ))}
        </div>
    );
}

function App() {
    const { state, connected } = useSandbox();
    const now = useVirtualNow(state?.clock);
    const [settingsOpen, setSettingsOpen] = useState(false);
    useEffect(() => {
        const onKey = (e: KeyboardEvent) => e.key === 'Escape' && setSettingsOpen(false);
        document.addEventListener('keydown', onKey);
        return () => document.removeEventListener('keydown', onKey);
    }, []);
    return (
        <div className={`sl-app${settingsOpen && state ? ' sl-app-settings' : ''}`}>
            <TopBar state={state} connected={connected} now={now} onSettings={() => setSettingsOpen(!settingsOpen)} />
            {state ? (
                <main className="sl-panes">
                    <RepPane state={state} />
                    <ManagerPane state={state} />
                </main>
            ) : (
                <Box className="sl-panes" display="flex" alignItems="center" justifyContent="center">
                    <Throbber />
                </Box>
            )}
            <LogPanel logs={state?.logs ?? []} />
            {settingsOpen && state && <SettingsBar settings={state.settings} onClose={() => setSettingsOpen(false)} />}
            <Toasts />
        </div>
    );
}

createRoot(document.getElementById('root')!).render(
    <StrictMode>
        <App />
    </StrictMode>,
);
