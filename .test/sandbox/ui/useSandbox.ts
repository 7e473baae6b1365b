import { useEffect, useState } from 'react';

import type { SandboxState } from '../state';

/** The server's snapshots over Server-Sent Events (GET /events): each one is the whole state. */
export function useSandbox(): { state?: SandboxState; connected: boolean } {
    const [state, setState] = useState<SandboxState>();
    const [connected, setConnected] = useState(false);
    useEffect(() => {
        const source = new EventSource('/events');
        source.onopen = () => setConnected(true);
        source.onmessage = (event) => {
            setState(JSON.parse(event.data) as SandboxState);
            setConnected(true);
        };
        // EventSource reconnects by itself; show it meanwhile.
        source.onerror = () => setConnected(false);
        return () => source.close();
    }, []);
    return { state, connected };
}

/**
 * The virtual clock between snapshots: the server's clock is real time plus an offset, so the page adds the
 * real time passed since the snapshot to the snapshot's clock (countdowns tick without server traffic).
 */
export function useVirtualNow(clock: string | undefined): number {
    const [base, setBase] = useState({ clock: 0, real: 0 });
    const [, tick] = useState(0);
    useEffect(() => {
        setBase({ clock: clock ? Date.parse(clock) : 0, real: Date.now() });
    }, [clock]);
    useEffect(() => {
        const timer = setInterval(() => tick((n) => n + 1), 1000);
        return () => clearInterval(timer);
    }, []);
    return base.clock + (Date.now() - base.real);
}
