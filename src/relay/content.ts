import { IMessageAttachment } from '@rocket.chat/apps-engine/definition/messages';

/** What crosses the bridge in either direction: text and attachments, nothing room-specific. */
export interface RelayContent {
    text?: string;
    attachments?: Array<IMessageAttachment>;
}

export function hasContent(content: RelayContent): boolean {
    return (content.text ?? '').trim() !== '' || (content.attachments?.length ?? 0) > 0;
}
