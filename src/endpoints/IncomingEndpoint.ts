import { HttpStatusCode, IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { EndpointPath } from '../config/ids';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { AppError } from '../lib/errors';
import { SessionStore } from '../persistence/SessionStore';
import { relayManagerMessage } from '../relay/managerToRep';
import { parseOmnichannelWebhook } from './payloads';
import { handleAuthenticated, json } from './respond';
import { relayOnce } from './relayOnce';

/** Manager → rep, fed by Rocket.Chat's Omnichannel webhook (the old service's `incoming` webhook). */
export class IncomingEndpoint extends ApiEndpoint {
    public path = EndpointPath.Incoming;

    public async post(request: IApiRequest, _endpoint: IApiEndpointInfo, read: IRead, modify: IModify, _http: IHttp, persistence: IPersistence): Promise<IApiResponse> {
        return handleAuthenticated(this.path, request, { read, modify, persistence, logger: this.app.getLogger() }, async (ctx) => {
            const webhook = parseOmnichannelWebhook(request.content);
            if (webhook.messages.length === 0) {
                return json(HttpStatusCode.OK, { relayed: 0, ignored: webhook.type });
            }
            // Exactly once: when app events relay, the webhook copy of the same message is acknowledged and
            // dropped, before any lookup: the Omnichannel webhook also reports rooms that are not ShiftLink's.
            if ((await relaySource(read)) !== RelaySource.Webhooks) {
                return json(HttpStatusCode.OK, { relayed: 0, ignored: 'relay source is app events' });
            }
            const session = await new SessionStore(read.getPersistenceReader()).ofRoom(webhook.roomId);
            if (!session) {
                throw new AppError(HttpStatusCode.NOT_FOUND, `no open ShiftLink session for room ${webhook.roomId}`, '_id');
            }
            let relayed = 0;
            for (const message of webhook.messages) {
                const relay = () => relayManagerMessage(ctx, session, message.agentName, message.content);
                relayed += (await relayOnce(ctx, session.repId, message.id, relay)) ? 1 : 0;
            }
            return json(HttpStatusCode.OK, { relayed, ignored: webhook.messages.length - relayed });
        });
    }
}
