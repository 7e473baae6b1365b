import { Box, Icon } from '@rocket.chat/fuselage';
import { useLayoutEffect, useRef, useState } from 'react';

import type { SandboxState } from '../state';
import { hhmmss } from './time';

/** The app's log, as RC's Apps › ShiftLink › Logs tab shows it; a fixed height whether open or not. */
export function LogPanel({ logs }: { logs: SandboxState['logs'] }) {
    const [open, setOpen] = useState(false);
    const list = useRef<HTMLOListElement>(null);
    useLayoutEffect(() => {
        if (list.current) {
            list.current.scrollTop = list.current.scrollHeight;
        }
    }, [logs.length, open]);
    return (
        <section className={`sl-log${open ? ' sl-log-open' : ''}`} data-testid="log-panel" aria-label="App log">
            <button type="button" className="sl-log-header" data-testid="log-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
                <Icon name={open ? 'chevron-down' : 'chevron-up'} size="x16" />
                <Box is="span" fontScale="p2b">
                    App log
                </Box>
                <Box is="span" fontScale="c1" color="hint">
                    {logs.length} lines · {logs.filter((l) => l.level === 'error').length} errors
                </Box>
            </button>
            {open && (
                <ol className="sl-log-list" ref={list} data-testid="log-list">
                    {logs.map((line, i) => (
                        <li key={i} className={`sl-log-line sl-log-${line.level}`} data-testid="log-line" data-level={line.level}>
                            <span>{hhmmss(line.at)}</span>
                            <span>{line.level}</span>
                            <span>{line.text}</span>
                        </li>
                    ))}
                </ol>
            )}
        </section>
    );
}
