import { HttpStatusCode, IHttp, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { ApiEndpoint, IApiEndpointInfo, IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { EndpointPath } from '../config/ids';
import { relaySource } from '../config/readSettings';
import { RelaySource } from '../config/settings';
import { RoomType } from '@rocket.chat/apps-engine/definition/rooms';
import { UserType } from '@rocket.chat/apps-engine/definition/users';
import { AppError } from '../lib/errors';
import { relayFromRep } from '../session/repMessages';
import { parseOutgoingWebhook } from './payloads';
import { handleAuthenticated, json } from './respond';

/** Rep → manager, fed by an outgoing-webhook integration (the old service's `outgoing` webhook). */
export class OutgoingEndpoint extends ApiEndpoint {
    public path = EndpointPath.Outgoing;

    public async post(
        request: IApiRequest,
        _endpoint: IApiEndpointInfo,
        read: IRead,
        modify: IModify,
        _http: IHttp,
        persistence: IPersistence,
    ): Promise<IApiResponse> {
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
                throw new AppError(
                    HttpStatusCode.BAD_REQUEST,
                    'channel_id must be the direct message between user_id and the ShiftLink bot',
                    'channel_id',
                );
            }
            // A retry (or a concurrent copy) of a relayed message finds its copy by id and opens nothing;
            // a message that was not delivered leaves no mark, so the sender's retry can deliver it.
            const outcome = await relayFromRep(
                ctx,
                user,
                room.id,
                { id: webhook.messageId, content: webhook.content },
                { checkRelayed: true },
            );
            return json(HttpStatusCode.OK, outcome.relayed ? { relayed: 1 } : { relayed: 0, reason: outcome.reason });
        });
    }
}
