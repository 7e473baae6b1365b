import { HttpStatusCode, IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { EndpointPath } from '../config/ids';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { AppError } from '../lib/errors';
import { relayRepMessage } from '../relay/RepToManager';
import { parseOutgoingWebhook } from './payloads';
import { handleAuthenticated, json } from './respond';

/** Rep → manager, fed by an outgoing-webhook integration (the old service's `outgoing` webhook). */
export class OutgoingEndpoint extends ApiEndpoint {
    public path = EndpointPath.Outgoing;

    public async post(request: IApiRequest, _endpoint: IApiEndpointInfo, read: IRead, modify: IModify, _http: IHttp, persistence: IPersistence): Promise<IApiResponse> {
        return handleAuthenticated(this.path, request, { read, modify, persistence, logger: this.app.getLogger() }, async (ctx) => {
            const webhook = parseOutgoingWebhook(request.content);
            if (webhook.fromBot) {
                return json(HttpStatusCode.OK, { relayed: 0, ignored: 'bot message' });
            }
            const user = await read.getUserReader().getById(webhook.userId);
            if (!user) {
                throw new AppError(HttpStatusCode.NOT_FOUND, `unknown user ${webhook.userId}`, 'user_id');
            }
            const room = await read.getRoomReader().getById(webhook.roomId);
            if (!room) {
                throw new AppError(HttpStatusCode.NOT_FOUND, `unknown room ${webhook.roomId}`, 'channel_id');
            }
            if ((await relaySource(read)) !== RelaySource.Webhooks) {
                return json(HttpStatusCode.OK, { relayed: 0, ignored: 'relay source is app events' });
            }
            await relayRepMessage(ctx, user, room, webhook.content);
            return json(HttpStatusCode.OK, { relayed: 1 });
        });
    }
}
