import { Box } from '@rocket.chat/fuselage';
import type { Root } from '@rocket.chat/message-parser';
import { parse } from '@rocket.chat/message-parser';
import type { ReactNode } from 'react';
import { Fragment, useMemo } from 'react';

// Message text parsed by Rocket.Chat's own parser (@rocket.chat/message-parser, the AST RC's client renders
// with gazzodown); this renderer is hand-made and covers what bots write: paragraphs, emphasis, code, links,
// quotes, lists, mentions. Unknown nodes fall back to their plain text.

type Node = { type: string; value?: unknown; [key: string]: unknown };

function safeHref(src: string): string | undefined {
    try {
        const url = new URL(src, window.location.href);
        return url.protocol === 'http:' || url.protocol === 'https:' || url.protocol === 'mailto:' ? url.href : undefined;
    } catch {
        return undefined;
    }
}

function children(value: unknown): ReactNode {
    if (Array.isArray(value)) {
        return value.map((child, i) => <Fragment key={i}>{render(child as Node)}</Fragment>);
    }
    if (value && typeof value === 'object') {
        return render(value as Node);
    }
    return typeof value === 'string' ? value : null;
}

function render(node: Node): ReactNode {
    switch (node.type) {
        case 'PLAIN_TEXT':
            return node.value as string;
        case 'PARAGRAPH':
            return <div className="sl-md-p">{children(node.value)}</div>;
        case 'BOLD':
            return <strong>{children(node.value)}</strong>;
        case 'ITALIC':
            return <em>{children(node.value)}</em>;
        case 'STRIKE':
            return <del>{children(node.value)}</del>;
        case 'INLINE_CODE':
            return <code className="code-colors inline">{children(node.value)}</code>;
        case 'CODE':
            return (
                <pre className="sl-md-code">
                    <code className="code-colors">
                        {(node.value as Node[]).map((line, i) => (
                            <div key={i}>{children(line.value)}</div>
                        ))}
                    </code>
                </pre>
            );
        case 'LINE_BREAK':
            return <br />;
        case 'QUOTE':
        case 'BLOCKQUOTE':
            return <blockquote className="sl-md-quote">{children(node.value)}</blockquote>;
        case 'HEADING':
            return <Box fontScale="h4">{children(node.value)}</Box>;
        case 'UNORDERED_LIST':
            return (
                <ul>
                    {(node.value as Node[]).map((item, i) => (
                        <li key={i}>{children(item.value)}</li>
                    ))}
                </ul>
            );
        case 'ORDERED_LIST':
            return (
                <ol>
                    {(node.value as Node[]).map((item, i) => (
                        <li key={i}>{children(item.value)}</li>
                    ))}
                </ol>
            );
        case 'LINK': {
            const { src, label } = node.value as { src: Node; label: unknown };
            const href = safeHref(String(src.value));
            return href ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                    {children(label)}
                </a>
            ) : (
                children(label)
            );
        }
        case 'MENTION_USER':
            return (
                <Box is="span" className="sl-mention">
                    @{children(node.value)}
                </Box>
            );
        case 'MENTION_CHANNEL':
            return (
                <Box is="span" className="sl-mention">
                    #{children(node.value)}
                </Box>
            );
        case 'EMOJI':
            return node.unicode ? (node.unicode as string) : `:${children(node.value)}:`;
        case 'BIG_EMOJI':
            return <Box fontSize={32}>{children(node.value)}</Box>;
        default:
            return children(node.value);
    }
}

export function Markdown({ text }: { text: string }) {
    const ast = useMemo((): Root | undefined => {
        try {
            return parse(text, { emoticons: true });
        } catch {
            return undefined; // the parser gives up on some inputs: RC then shows the raw text too
        }
    }, [text]);
    return <div className="sl-md">{ast ? children(ast) : text}</div>;
}
