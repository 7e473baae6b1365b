import { HttpStatusCode, IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { EndpointPath } from '../config/ids';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { ILivechatRoom } from '@rocket.chat/apps-engine/definition/livechat';
import { isShiftLinkRoom, relayFromManager } from '../session/managerMessages';
import { parseOmnichannelWebhook } from './payloads';
import { handleAuthenticated, json } from './respond';

/** Manager → rep, fed by Rocket.Chat's Omnichannel webhook (the old service's `incoming` webhook). */
export class IncomingEndpoint extends ApiEndpoint {
    public path = EndpointPath.Incoming;

    public async post(
        request: IApiRequest,
        _endpoint: IApiEndpointInfo,
        read: IRead,
        modify: IModify,
        _http: IHttp,
        persistence: IPersistence,
    ): Promise<IApiResponse> {
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
            // The room's fields say where answers go: no session needed, so an answer written as the room
            // closed (or a retry after the session ended) still reaches the rep, and opens nothing.
            const room = (await read.getRoomReader().getById(webhook.roomId)) as ILivechatRoom | undefined;
            if (!room || !isShiftLinkRoom(room)) {
                // Acknowledged: RC's Omnichannel webhook retries any other status up to 10 times, and it reports every Omnichannel room.
                return json(HttpStatusCode.OK, { relayed: 0, ignored: 'not a ShiftLink room' });
            }
            let relayed = 0;
            const reasons: Array<string> = [];
            for (const message of webhook.messages) {
                // The message id makes the server keep one copy however many deliveries race.
                const outcome = await relayFromManager(ctx, room, message);
                if (outcome.relayed) {
                    relayed++;
                } else {
                    reasons.push(outcome.reason);
                }
            }
            if (relayed === 0) {
                return json(HttpStatusCode.OK, { relayed: 0, ignored: webhook.messages.length, reason: [...new Set(reasons)].join('; ') });
            }
            return json(HttpStatusCode.OK, { relayed, ignored: webhook.messages.length - relayed });
        });
    }
}
