import { HttpStatusCode, IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { EndpointPath } from '../config/ids';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { UserType } from '@rocket.chat/apps-engine/definition/users';
import { AppError } from '../lib/errors';
import { SessionStore } from '../persistence/SessionStore';
import { relayRepMessage } from '../relay/repToManager';
import { parseOutgoingWebhook } from './payloads';
import { handleAuthenticated, json } from './respond';
import { relayOnce } from './relayOnce';

/** Rep → manager, fed by an outgoing-webhook integration (the old service's `outgoing` webhook). */
export class OutgoingEndpoint extends ApiEndpoint {
    public path = EndpointPath.Outgoing;

    public async post(request: IApiRequest, _endpoint: IApiEndpointInfo, read: IRead, modify: IModify, _http: IHttp, persistence: IPersistence): Promise<IApiResponse> {
        return handleAuthenticated(this.path, request, { read, modify, persistence, logger: this.app.getLogger() }, async (ctx) => {
            const webhook = parseOutgoingWebhook(request.content);
            if (webhook.fromBot) {
                return json(HttpStatusCode.OK, { relayed: 0, ignored: 'bot message' });
            }
            if ((await relaySource(read)) !== RelaySource.Webhooks) {
                return json(HttpStatusCode.OK, { relayed: 0, ignored: 'relay source is app events' });
            }
            const user = await read.getUserReader().getById(webhook.userId);
            if (!user) {
                throw new AppError(HttpStatusCode.NOT_FOUND, `unknown user ${webhook.userId}`, 'user_id');
            }
            if (user.type !== UserType.USER) {
                // The bot's own posts (or another app's) echoed back by the integration: never a rep.
                return json(HttpStatusCode.OK, { relayed: 0, ignored: 'not a human user' });
            }
            const room = await read.getRoomReader().getById(webhook.roomId);
            if (!room) {
                throw new AppError(HttpStatusCode.NOT_FOUND, `unknown room ${webhook.roomId}`, 'channel_id');
            }
            // The rep's private line only: notices and answers go where this says, never into a channel.
            const appUser = await read.getUserReader().getAppUser();
            const members = [...(room.userIds ?? [])].sort();
            if (room.type !== RoomType.DIRECT_MESSAGE || !appUser || members.join() !== [user.id, appUser.id].sort().join()) {
                throw new AppError(HttpStatusCode.BAD_REQUEST, 'channel_id must be the direct message between user_id and the ShiftLink bot', 'channel_id');
            }
            const relayed = await relayOnce(ctx, user.id, webhook.messageId, async () =>
                relayRepMessage(ctx, user, room, webhook.content, await new SessionStore(read.getPersistenceReader()).ofRep(user.id)),
            );
            return json(HttpStatusCode.OK, relayed ? { relayed: 1 } : { relayed: 0, ignored: 'message id relayed before' });
        });
    }
}
