import { IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';

/** What crosses the bridge in either direction: text and attachments, nothing room-specific. */
export interface RelayContent {
    text?: string;
    attachments?: Array<IMessageAttachment>;
}

export function hasContent(content: RelayContent): boolean {
    return (content.text ?? '').trim() !== '' || (content.attachments?.length ?? 0) > 0;
}

interface ContentBuilder<B> {
    setText(text: string): B;
    setAttachments(attachments: Array<IMessageAttachment>): B;
}

/** Puts the content on a message builder, bot or visitor alike. */
export function withContent<B extends ContentBuilder<B>>(builder: B, content: RelayContent): B {
    const withText = content.text ? builder.setText(content.text) : builder;
    return content.attachments?.length ? withText.setAttachments(content.attachments) : withText;
}
