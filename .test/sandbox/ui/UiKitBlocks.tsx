import { Box, Button, ButtonGroup, Divider } from '@rocket.chat/fuselage';
import { useState } from 'react';

import { Markdown } from './Markdown';

// The UIKit message blocks an app sends (section, actions, context, divider, image), laid out the way
// Rocket.Chat's fuselage-ui-kit lays them out, with fuselage's own components. Hand-made: the only
// fuselage-ui-kit on the registry (0.31.23) is built for React 17 and ui-kit 0.31, not today's fuselage.

interface TextObject {
    type: 'plain_text' | 'mrkdwn';
    text: string;
}

interface Element {
    type: string;
    actionId?: string;
    value?: string;
    style?: 'primary' | 'danger' | 'secondary' | 'success' | 'warning';
    text?: TextObject;
    url?: string;
    imageUrl?: string;
    altText?: string;
}

interface Block {
    type: string;
    blockId?: string;
    text?: TextObject;
    fields?: TextObject[];
    accessory?: Element;
    elements?: Array<Element | TextObject>;
    imageUrl?: string;
    altText?: string;
}

/** Called with the clicked button; resolves when the host has run the app's block-action handler. */
export type ButtonHandler = (actionId: string, value: string | undefined) => Promise<unknown>;

function Text({ text }: { text?: TextObject }) {
    if (!text) {
        return null;
    }
    // fuselage-ui-kit writes block text in the message's own size (p2); plain text keeps its line breaks.
    return (
        <Box fontScale="p2" className="sl-block-text">
            {text.type === 'mrkdwn' ? <Markdown text={text.text} /> : text.text}
        </Box>
    );
}

function BlockButton({ element, onClick }: { element: Element; onClick?: ButtonHandler }) {
    const [pending, setPending] = useState(false);
    const label = element.text?.text ?? element.actionId;
    return (
        <Button
            small
            primary={element.style === 'primary'}
            danger={element.style === 'danger'}
            secondary={!element.style || element.style === 'secondary'}
            loading={pending}
            disabled={!onClick}
            data-testid="block-button"
            data-action-id={element.actionId}
            onClick={() => {
                if (!onClick || !element.actionId) {
                    return;
                }
                setPending(true);
                onClick(element.actionId, element.value)
                    .catch(() => undefined)
                    .finally(() => setPending(false));
            }}
        >
            {label}
        </Button>
    );
}

function ElementView({ element, onClick }: { element: Element; onClick?: ButtonHandler }) {
    if (element.type === 'button') {
        return <BlockButton element={element} onClick={onClick} />;
    }
    if (element.type === 'image' && element.imageUrl) {
        return <img src={element.imageUrl} alt={element.altText ?? ''} className="sl-block-image-small" />;
    }
    return null;
}

function BlockView({ block, onClick }: { block: Block; onClick?: ButtonHandler }) {
    switch (block.type) {
        case 'section':
            return (
                <Box display="flex" alignItems="flex-start" marginBlock={4} data-block="section">
                    <Box flexGrow={1} minWidth={0}>
                        <Text text={block.text} />
                        {block.fields && (
                            <Box display="grid" className="sl-block-fields">
                                {block.fields.map((field, i) => (
                                    <Text key={i} text={field} />
                                ))}
                            </Box>
                        )}
                    </Box>
                    {block.accessory && (
                        <Box flexShrink={0} marginInlineStart={8}>
                            <ElementView element={block.accessory} onClick={onClick} />
                        </Box>
                    )}
                </Box>
            );
        case 'actions':
            return (
                <Box marginBlock={4} data-block="actions">
                    <ButtonGroup>
                        {(block.elements as Element[] | undefined)?.map((element, i) => (
                            <ElementView key={element.actionId ?? i} element={element} onClick={onClick} />
                        ))}
                    </ButtonGroup>
                </Box>
            );
        case 'context':
            return (
                <Box
                    display="flex"
                    alignItems="center"
                    fontScale="c1"
                    color="hint"
                    marginBlock={4}
                    data-block="context"
                    className="sl-block-context"
                >
                    {block.elements?.map((element, i) =>
                        element.type === 'image' ? (
                            <ElementView key={i} element={element as Element} />
                        ) : (
                            <Text key={i} text={element as TextObject} />
                        ),
                    )}
                </Box>
            );
        case 'divider':
            return <Divider data-block="divider" />;
        case 'image':
            return block.imageUrl ? (
                <img src={block.imageUrl} alt={block.altText ?? ''} className="sl-block-image" data-block="image" />
            ) : null;
        default:
            return null;
    }
}

export function UiKitBlocks({ blocks, onClick }: { blocks: unknown[]; onClick?: ButtonHandler }) {
    return (
        <Box className="sl-blocks" data-testid="blocks">
            {(blocks as Block[]).map((block, i) => (
                <BlockView key={block.blockId ?? i} block={block} onClick={onClick} />
            ))}
        </Box>
    );
}
