import {
    Box,
    Button,
    Contextualbar,
    ContextualbarAction,
    ContextualbarActions,
    ContextualbarContent,
    ContextualbarHeader,
    ContextualbarTitle,
    Field,
    FieldDescription,
    FieldError,
    FieldHint,
    FieldLabel,
    FieldRow,
    NumberInput,
    PasswordInput,
    Select,
    TextAreaInput,
    TextInput,
} from '@rocket.chat/fuselage';
import { useEffect, useState } from 'react';

import type { SettingState } from '../state';
import { post } from './api';
import { Markdown } from './Markdown';

const asText = (value: unknown) => (value === undefined || value === null ? '' : String(value));

/** One app setting with its own Save: the engine's settings path, which lets the app refuse a value. */
function SettingField({ setting }: { setting: SettingState }) {
    const [draft, setDraft] = useState(asText(setting.value));
    const [status, setStatus] = useState<{ kind: 'saved' | 'refused'; text: string }>();
    const [busy, setBusy] = useState(false);
    // A value changed elsewhere (or kept by the app) replaces an unedited field.
    useEffect(() => setDraft(asText(setting.value)), [setting.value]);
    const save = (value: string) => {
        setBusy(true);
        post<{ ok: boolean; value?: unknown; error?: string }>('settings', { id: setting.id, value })
            .then((answer) => {
                setDraft(asText(answer.value));
                setStatus(
                    answer.error
                        ? { kind: 'refused', text: `Kept ${JSON.stringify(answer.value)}: ${answer.error}` }
                        : { kind: 'saved', text: 'Saved' },
                );
            })
            .catch((e: Error) => setStatus({ kind: 'refused', text: e.message }))
            .finally(() => setBusy(false));
    };
    const id = `setting-${setting.id}`;
    const onText = (e: { currentTarget: EventTarget }) => setDraft((e.currentTarget as HTMLInputElement).value);
    let input;
    if (setting.type === 'select') {
        input = (
            <Select
                id={id}
                options={(setting.values ?? []).map((v) => [v.key, v.label] as [string, string])}
                value={draft}
                onChange={(key) => setDraft(String(key))}
            />
        );
    } else if (setting.type === 'password') {
        input = <PasswordInput id={id} value={draft} onChange={onText} />;
    } else if (setting.type === 'number') {
        input = <NumberInput id={id} value={draft} onChange={onText} />;
    } else if (setting.multiline) {
        input = <TextAreaInput id={id} rows={3} value={draft} onChange={onText} />;
    } else {
        input = <TextInput id={id} value={draft} onChange={onText} />;
    }
    return (
        <Field marginBlockEnd={20} data-testid="setting" data-setting-id={setting.id}>
            <FieldLabel htmlFor={id}>{setting.label}</FieldLabel>
            {/* RC writes a setting's description as markdown (AppSetting's hint is MarkdownText): `incoming` shows as code. */}
            {setting.description && (
                <FieldDescription is="div">
                    <Markdown text={setting.description} />
                </FieldDescription>
            )}
            <FieldRow>
                {input}
                <Button
                    small
                    primary
                    marginInlineStart={8}
                    loading={busy}
                    disabled={draft === asText(setting.value)}
                    onClick={() => save(draft)}
                    data-testid={`setting-save-${setting.id}`}
                >
                    Save
                </Button>
            </FieldRow>
            {status?.kind === 'saved' && <FieldHint>{status.text}</FieldHint>}
            {status?.kind === 'refused' && <FieldError>{status.text}</FieldError>}
        </Field>
    );
}

/** The app's settings in a contextual bar, as RC's Administration › Apps › ShiftLink › Settings lists them. */
export function SettingsBar({ settings, onClose }: { settings: SettingState[]; onClose: () => void }) {
    return (
        <Contextualbar className="sl-settings" data-testid="settings-drawer">
            <ContextualbarHeader>
                <ContextualbarTitle>App settings</ContextualbarTitle>
                <ContextualbarActions>
                    <ContextualbarAction name="cross" title="Close" onClick={onClose} data-testid="settings-close" />
                </ContextualbarActions>
            </ContextualbarHeader>
            <ContextualbarContent className="sl-settings-content">
                <Box fontScale="p2" color="hint" marginBlock={16}>
                    Each setting is saved on its own. The app may refuse a value and keep the previous one: the field then shows the value
                    in effect and the reason (in RC, in the app&apos;s Logs tab).
                </Box>
                {settings.map((setting) => (
                    <SettingField key={setting.id} setting={setting} />
                ))}
            </ContextualbarContent>
        </Contextualbar>
    );
}
