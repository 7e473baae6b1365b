import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo, Socket } from 'net';
import * as path from 'path';

import { repoRoot } from '../host/paths';
import { PAGE_DIR } from './buildPage';
import type { Sandbox } from './Sandbox';
import { SandboxError } from './Sandbox';

const PUBLIC_DIR = path.join(repoRoot, '.test', 'sandbox', 'public');
const CONTENT_TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript; charset=utf-8',
    '.css': 'text/css; charset=utf-8',
    '.png': 'image/png',
    '.svg': 'image/svg+xml',
    '.woff2': 'font/woff2',
    '.woff': 'font/woff',
    '.ttf': 'font/ttf',
    '.eot': 'application/vnd.ms-fontobject',
};
// RC's default avatar colours (a colour per name, white initials).
const AVATAR_COLOURS = ['#F5455C', '#FFD31A', '#2DE0A5', '#1D74F5', '#9F22C7', '#10529E', '#158D65', '#7F1B9F', '#E26D0E', '#6C727A'];
const MAX_BODY_BYTES = 1024 * 1024;

type Json = Record<string, unknown>;
type Action = (sandbox: Sandbox, body: Json) => Promise<unknown>;

/** The page's actions: POST /api/<name> with a JSON body, answered with JSON ({ok: true} unless said otherwise). */
const ACTIONS = new Map<string, Action>([
    ['rep/message', (s, b) => s.repMessage(b.text as string)],
    ['rep/command', (s, b) => s.repCommand(Array.isArray(b.args) ? b.args.map(String) : [])],
    ['agent/message', (s, b) => s.agentMessage(String(b.roomId), b.text as string)],
    ['agent/close', (s, b) => s.agentClose(String(b.roomId), typeof b.comment === 'string' ? b.comment : '')],
    ['agent/online', (s, b) => s.agentOnline(String(b.agentId), !!b.online)],
    ['agent/forward', (s, b) => s.forward(String(b.roomId), String(b.agentId))],
    [
        'button',
        (s, b) => s.clickButton(String(b.as), String(b.messageId), String(b.actionId), typeof b.value === 'string' ? b.value : undefined),
    ],
    ['clock/advance', (s, b) => s.advance(Number(b.minutes))],
    ['settings', (s, b) => s.setSetting(String(b.id), b.value)],
]);
const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost']);

export interface SandboxServer {
    url: string;
    close(): Promise<void>;
}

/**
 * The page, its state stream and actions, and the app's endpoints at RC's paths
 * (/api/apps/public/<app id>/<endpoint>), on 127.0.0.1 only: the sandbox has no authentication.
 */
export function serve(sandbox: Sandbox, port: number): Promise<SandboxServer> {
    const streams = new Set<http.ServerResponse>();
    const unsubscribe = sandbox.subscribe((state) => {
        const frame = `data: ${JSON.stringify(state)}\n\n`;
        streams.forEach((res) => res.write(frame));
    });

    const server = http.createServer((req, res) => {
        handle(sandbox, streams, req, res).catch((e) => {
            if (!res.headersSent) {
                sendJson(res, e instanceof SandboxError || e instanceof SyntaxError ? 400 : 500, {
                    error: e instanceof Error ? e.message : String(e),
                });
            } else {
                res.end();
            }
        });
    });

    const sockets = new Set<Socket>();
    server.on('connection', (socket) => {
        sockets.add(socket);
        socket.on('close', () => sockets.delete(socket));
    });

    return new Promise((resolve, reject) => {
        server.once('error', (e) => {
            unsubscribe();
            reject(e);
        });
        server.listen(port, '127.0.0.1', () => {
            const { port: actual } = server.address() as AddressInfo;
            resolve({
                url: `http://127.0.0.1:${actual}/`,
                close: () =>
                    new Promise<void>((done) => {
                        unsubscribe();
                        // Event streams and keep-alive sockets never end on their own: close() would wait forever.
                        streams.forEach((res) => res.end());
                        server.close(() => done());
                        sockets.forEach((socket) => socket.destroy());
                    }),
            });
        });
    });
}

async function handle(
    sandbox: Sandbox,
    streams: Set<http.ServerResponse>,
    req: http.IncomingMessage,
    res: http.ServerResponse,
): Promise<void> {
    const url = new URL(req.url || '/', 'http://sandbox');
    const method = req.method || 'GET';
    // A web page elsewhere could reach 127.0.0.1 through a DNS name rebound to it; its Host header gives it away.
    if (!LOCAL_HOSTS.has((req.headers.host || '').replace(/:\d+$/, ''))) {
        sendJson(res, 403, { error: 'The sandbox answers on 127.0.0.1 or localhost only' });
        return;
    }

    const endpoint = /^\/api\/apps\/public\/([^/]+)\/(.+)$/.exec(url.pathname);
    if (endpoint) {
        if (endpoint[1] !== sandbox.engine.appId) {
            sendJson(res, 404, { error: `No app ${endpoint[1]} here; ShiftLink is ${sandbox.engine.appId}` });
            return;
        }
        const body = await readBody(req);
        const response = await sandbox.callEndpoint(url.pathname, {
            method,
            headers: flatHeaders(req.headers),
            query: Object.fromEntries(url.searchParams),
            content: body ? JSON.parse(body) : undefined,
        });
        const content = response.content;
        const headers = Object.fromEntries(Object.entries(response.headers).map(([k, v]) => [k.toLowerCase(), v]));
        res.writeHead(response.status, {
            'content-type': typeof content === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
            ...headers,
        });
        res.end(content === undefined ? '' : typeof content === 'string' ? content : JSON.stringify(content));
        return;
    }

    if (method === 'GET' && url.pathname === '/events') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache', Connection: 'keep-alive' });
        res.write(`data: ${JSON.stringify(sandbox.snapshot())}\n\n`);
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
    }

    if (method === 'GET' && url.pathname === '/api/state') {
        sendJson(res, 200, sandbox.snapshot());
        return;
    }

    const action = url.pathname.startsWith('/api/') ? ACTIONS.get(url.pathname.slice('/api/'.length)) : undefined;
    if (action && method === 'POST') {
        // Other sites' pages can POST forms to 127.0.0.1, but not JSON without a preflight this server never grants.
        if (!/^application\/json\b/i.test(req.headers['content-type'] || '')) {
            sendJson(res, 415, { error: 'Content-Type must be application/json' });
            return;
        }
        const body = await readBody(req);
        const parsed: unknown = body ? JSON.parse(body) : {};
        if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
            throw new SandboxError('the body must be a JSON object');
        }
        const result = (await action(sandbox, parsed as Json)) as Json | undefined;
        sendJson(res, result?.ok === false ? 400 : 200, result ?? { ok: true });
        return;
    }

    const avatar = /^\/avatar\/([^/]+)$/.exec(url.pathname);
    if (method === 'GET' && avatar) {
        serveAvatar(sandbox, decodeURIComponent(avatar[1]), res);
        return;
    }

    if (method === 'GET') {
        serveStatic(url.pathname, res);
        return;
    }
    sendJson(res, 404, { error: `No ${method} ${url.pathname}` });
}

/**
 * /avatar/<username> as RC serves it: the app's bot user shows the app's icon; everyone else gets the
 * default avatar RC generates, initials on a colour picked from the name.
 */
function serveAvatar(sandbox: Sandbox, username: string, res: http.ServerResponse): void {
    const user = sandbox.model.users.getByUsername(username);
    if (user && user.id === sandbox.cast.botId) {
        res.writeHead(200, { 'Content-Type': 'image/png', 'Cache-Control': 'no-cache' });
        fs.createReadStream(path.join(repoRoot, 'icon.png')).pipe(res);
        return;
    }
    // Visitors have avatars by username too (RC's livechat widget and room list show their initials).
    const visitor = user ? undefined : [...sandbox.model.collections.visitors.values()].find((v) => v.username === username);
    const name = user?.name || visitor?.name || username;
    const initials =
        name
            .split(/\s+/)
            .filter(Boolean)
            .slice(0, 2)
            .map((w) => w[0].toUpperCase())
            .join('') || '?';
    const colour = AVATAR_COLOURS[[...name].reduce((sum, c) => sum + c.charCodeAt(0), 0) % AVATAR_COLOURS.length];
    const escaped = initials.replace(/[<>&"']/g, '');
    res.writeHead(200, { 'Content-Type': 'image/svg+xml', 'Cache-Control': 'no-cache' });
    res.end(
        `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200"><rect width="200" height="200" fill="${colour}"/>` +
            `<text x="50%" y="50%" dy="0.36em" text-anchor="middle" fill="#fff" font-family="Inter, sans-serif" font-size="90" font-weight="600">${escaped}</text></svg>`,
    );
}

function serveStatic(pathname: string, res: http.ServerResponse): void {
    const name = pathname === '/' ? 'index.html' : pathname.slice(1);
    const base = path.basename(name);
    // Only files directly in public/ or the page's bundle (no folders, no '..'); the app's icon as the tab's icon.
    const bundled = path.join(PAGE_DIR, base);
    const file = name === 'favicon.ico' ? path.join(repoRoot, 'icon.png') : fs.existsSync(bundled) ? bundled : path.join(PUBLIC_DIR, base);
    if (name !== path.basename(name) || !fs.existsSync(file)) {
        sendJson(res, 404, { error: `No ${pathname}` });
        return;
    }
    res.writeHead(200, { 'Content-Type': CONTENT_TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-cache' });
    fs.createReadStream(file).pipe(res);
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        let body = '';
        req.setEncoding('utf8');
        req.on('data', (chunk: string) => {
            body += chunk;
            if (body.length > MAX_BODY_BYTES) {
                reject(new SandboxError('request body too large'));
                req.destroy();
            }
        });
        req.on('end', () => resolve(body));
        req.on('error', reject);
    });
}

/** Node gives repeated headers as arrays; RC's router hands the app one string per header. */
function flatHeaders(headers: http.IncomingHttpHeaders): Record<string, string> {
    return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(body));
}
