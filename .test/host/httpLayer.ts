import type { EndpointRequest, EndpointResponse } from './Engine';

/**
 * The HTTP layer RC puts in front of app endpoints (`/api/apps/public/:appId/*`, `/api/apps/private/:appId/:hash/*`).
 * RC 7.x's apps router (apps/meteor/app/api/server/... `apiServer`) runs body-parser's `urlencoded` and `json`
 * with their defaults (100 kb limit); RC 6.x parsed bodies earlier, with restivus' global connect parsers
 * (apps/meteor/packages/meteor-restivus/lib/json-routes.js, 50 mb). Express parses the query string with qs.
 */
export interface HttpOptions {
    /** A string or Buffer is sent as is; anything else is serialized for the content type (JSON or form). */
    body?: unknown;
    headers?: Record<string, string>;
    /** Defaults to the content-type header, else application/json for objects, text/plain for strings. */
    contentType?: string;
    /** A user RC's authentication middleware resolved (PRIVATE/authRequired endpoints). */
    user?: EndpointRequest['user'];
}

export interface HttpSettings {
    /** body-parser's limit in bytes (default 100 kb; RC 6.x: 50 mb). Larger JSON/form bodies get 413. */
    bodyLimitBytes: number;
}

export const httpSettings: HttpSettings = { bodyLimitBytes: 100 * 1024 };

type Dispatch = (endpointPath: string, request: EndpointRequest) => Promise<EndpointResponse>;

const APP_PATH = /^\/api\/apps\/(public|private)\/([^/]+)\/(?:([^/]+)\/)?(.*)$/;

/**
 * One HTTP request through RC's layer: the URL (query parsed like qs, which drops prototype keys), the body
 * parsed by content type (malformed or non-object JSON → 400 and a body over the limit → 413, both before
 * the app runs; other content types arrive as `{}`), then the app's endpoint via `dispatch`.
 */
export async function sendHttp(
    dispatch: Dispatch,
    appId: string,
    method: string,
    url: string,
    options: HttpOptions = {},
): Promise<EndpointResponse> {
    const [pathPart, queryPart = ''] = url.split('?', 2);
    const match = APP_PATH.exec(pathPart);
    if (!match || match[2] !== appId) {
        return { status: 404, headers: {}, content: 'Not Found' };
    }
    const [, visibility, , hash, endpoint] = match;
    const raw = rawBody(options);
    const headers: Record<string, string> = Object.fromEntries(Object.entries(options.headers || {}).map(([k, v]) => [k.toLowerCase(), v]));
    if (raw.type) {
        headers['content-type'] = raw.type;
    }
    if (raw.bytes) {
        headers['content-length'] = String(raw.bytes.length);
    }
    const parsed = parseBody(raw.type, raw.bytes);
    if ('status' in parsed) {
        return parsed;
    }
    return dispatch(visibility === 'private' ? `/api/apps/private/${appId}/${hash}/${endpoint}` : `/api/apps/public/${appId}/${endpoint}`, {
        method,
        headers,
        query: parseQueryString(queryPart) as Record<string, string>,
        params: {},
        content: parsed.content,
        ...(visibility === 'private' && { privateHash: hash }),
        ...(options.user && { user: options.user }),
    });
}

function rawBody(options: HttpOptions): { type?: string; bytes?: Buffer } {
    const { body } = options;
    const type =
        options.contentType ||
        Object.entries(options.headers || {}).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ||
        (body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? 'text/plain' : 'application/json');
    if (body === undefined) {
        return { type };
    }
    if (typeof body === 'string' || Buffer.isBuffer(body)) {
        return { type, bytes: typeof body === 'string' ? Buffer.from(body) : body };
    }
    const form = /^application\/x-www-form-urlencoded/i.test(type || '');
    return { type, bytes: Buffer.from(form ? new URLSearchParams(body as Record<string, string>).toString() : JSON.stringify(body)) };
}

/** body-parser's json (strict) then urlencoded, each only for its own content type. */
function parseBody(type: string | undefined, bytes: Buffer | undefined): { content: unknown } | EndpointResponse {
    const json = /^application\/json\b/i.test(type || '');
    const form = /^application\/x-www-form-urlencoded\b/i.test(type || '');
    if (!json && !form) {
        return { content: {} }; // the parsers set req.body = {} and skip other types
    }
    if (!bytes || bytes.length === 0) {
        return { content: {} };
    }
    if (bytes.length > httpSettings.bodyLimitBytes) {
        return { status: 413, headers: {}, content: 'request entity too large' };
    }
    const text = bytes.toString('utf8');
    if (form) {
        return { content: parseQueryString(text) };
    }
    // strict: only an object or an array at the top; JSON.parse keeps an own "__proto__" key as data.
    // eslint-disable-next-line no-control-regex -- JSON's whitespace (tab, LF, CR) is what this skips
    if (!/^[\x20\x09\x0a\x0d]*[{[]/.test(text)) {
        return { status: 400, headers: {}, content: 'Bad Request' };
    }
    try {
        return { content: JSON.parse(text) };
    } catch {
        return { status: 400, headers: {}, content: 'Bad Request' };
    }
}

/**
 * qs.parse as express and body-parser's extended form parser use it: `a=1&b[c]=2&d[]=3`; keys that name an
 * Object.prototype property (`__proto__`, `constructor`, …) are dropped (qs' allowPrototypes: false).
 */
export function parseQueryString(query: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, value] of new URLSearchParams(query)) {
        const segments = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
        const path = segments ? [segments[1], ...[...segments[2].matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1])] : [key];
        if (path.some((segment) => segment in Object.prototype)) {
            continue;
        }
        let target: Record<string, unknown> = result;
        path.forEach((segment, i) => {
            const last = i === path.length - 1;
            if (segment === '' && Array.isArray(target)) {
                (target as unknown as unknown[]).push(last ? value : {});
                return;
            }
            if (last) {
                target[segment] = target[segment] === undefined ? value : ([] as unknown[]).concat(target[segment], value);
            } else {
                target[segment] ??= path[i + 1] === '' ? [] : {};
                target = target[segment] as Record<string, unknown>;
            }
        });
    }
    return result;
}
