import { Box, Button } from '@rocket.chat/fuselage';
import type { FormEvent } from 'react';
import { useState } from 'react';

/** RC's composer shape (hand-made: @rocket.chat/ui-composer is not on the registry): one line and Send. */
export function Composer({
    placeholder,
    disabled,
    hint,
    testId,
    onSend,
}: {
    placeholder: string;
    disabled?: boolean;
    hint?: (text: string) => string | undefined;
    testId: string;
    onSend: (text: string) => Promise<unknown>;
}) {
    const [text, setText] = useState('');
    const [sending, setSending] = useState(false);
    const submit = (event: FormEvent) => {
        event.preventDefault();
        if (!text.trim() || sending) {
            return;
        }
        setSending(true);
        onSend(text)
            .then(() => setText(''))
            .catch(() => undefined)
            .finally(() => setSending(false));
    };
    const note = hint?.(text);
    return (
        <form className="sl-composer" onSubmit={submit} autoComplete="off">
            <Box fontScale="c1" color="hint" className="sl-composer-hint">
                {note ?? ''}
            </Box>
            <Box className="sl-composer-box">
                <input
                    className="sl-composer-input rcx-box rcx-box--full"
                    data-testid={`${testId}-input`}
                    aria-label={placeholder}
                    placeholder={placeholder}
                    value={text}
                    disabled={disabled}
                    onChange={(e) => setText(e.target.value)}
                />
                <Button
                    small
                    primary
                    icon="send"
                    type="submit"
                    data-testid={`${testId}-send`}
                    disabled={disabled || !text.trim()}
                    loading={sending}
                >
                    Send
                </Button>
            </Box>
        </form>
    );
}
