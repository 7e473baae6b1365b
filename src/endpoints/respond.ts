import { HttpStatusCode, IEnvironmentRead, ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';
import { IApiRequest, IApiResponse } from '@rocket.chat/apps-engine/definition/api';
import { stringSetting } from '../config/readSettings';
import { RelaySource, SettingId } from '../config/settings';
import { CallContext } from '../lib/context';
import { AppError, errorText } from '../lib/errors';
import { secretMatches } from '../lib/secret';

// Header names arrive lower-cased from the server's HTTP layer.
const SECRET_HEADERS = ['x-shiftlink-secret', 'x-rocketchat-livechat-token'];

/** Whether the endpoints should exist at all: only when an admin relays through webhooks or set a secret. */
export async function endpointsWanted(environment: IEnvironmentRead): Promise<boolean> {
    const settings = environment.getSettings();
    const [source, secret] = await Promise.all([
        settings.getValueById(SettingId.RelaySource),
        settings.getValueById(SettingId.SharedSecret),
    ]);
    return source === RelaySource.Webhooks || (typeof secret === 'string' && secret !== '');
}

export function json(status: number, content: object): IApiResponse {
    return { status, headers: { 'Content-Type': 'application/json' }, content };
}

/** The shared secret may come in our header, in the Omnichannel webhook's header, or as the payload's `token`. */
function presentedSecret(request: IApiRequest): unknown {
    const headers = request.headers ?? {};
    for (const name of Object.keys(headers)) {
        if (SECRET_HEADERS.includes(name.toLowerCase())) {
            return headers[name];
        }
    }
    const body = request.content;
    return typeof body === 'object' && body !== null ? (body as { token?: unknown }).token : undefined;
}

async function authenticate(read: IRead, request: IApiRequest): Promise<void> {
    const secret = await stringSetting(read, SettingId.SharedSecret);
    if (secret === '') {
        throw new AppError(HttpStatusCode.UNAUTHORIZED, 'endpoints are disabled until a shared secret is configured');
    }
    if (!secretMatches(secret, presentedSecret(request))) {
        throw new AppError(HttpStatusCode.UNAUTHORIZED, 'missing or wrong shared secret');
    }
}

/**
 * The edge of every endpoint: authentication first, then the handler; AppErrors become `{ error }` with
 * their status, anything else is logged and answered without internals.
 */
export async function handleAuthenticated(
    name: string,
    request: IApiRequest,
    accessors: { read: IRead; modify: IModify; persistence: IPersistence; logger: ILogger },
    handle: (ctx: CallContext) => Promise<IApiResponse>,
): Promise<IApiResponse> {
    try {
        await authenticate(accessors.read, request);
        return await handle(accessors);
    } catch (error) {
        if (error instanceof AppError) {
            return json(error.status, error.field ? { error: error.message, field: error.field } : { error: error.message });
        }
        accessors.logger.error(`endpoint ${name} failed: ${errorText(error)}`);
        // 503, not 500: the request was fine, the server side failed; the caller may retry.
        return json(HttpStatusCode.SERVICE_UNAVAILABLE, { error: 'relay failed, see the app logs; retry later' });
    }
}
