import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';

import { Engine } from './Engine';
import type { ServerModel } from './model/ServerModel';
import { scratchDir } from './paths';

/**
 * The part of Rocket.Chat's REST API that `rc-apps deploy` talks to (apps-cli 1.9.0,
 * lib/misc/deployHelpers.js), answered as Rocket.Chat 6.14 answers it:
 * - `GET /api/info` (app/api/server/default/info.ts): the version, no login needed.
 * - `POST /api/v1/login` with username and password: `{ status: 'success', data: { userId, authToken } }`,
 *   401 `{ status: 'error' }` otherwise.
 * - `GET /api/apps/:id` (ee/server/apps/communication/rest.ts): the app, or 404 when it is not installed;
 *   rc-apps then updates (`POST /api/apps/:id`, AppManager.update) instead of installing (`POST /api/apps`,
 *   multipart field `app`, AppManager.add, then enabled).
 * Every /api/apps call needs the login's `X-User-Id` and `X-Auth-Token` (401 otherwise). The engine is
 * started by the first install, over `model`, from the uploaded bytes.
 */
export class AppsRestApi {
    engine?: Engine;
    /** What each upload was: `install` or `update`, and the zip received. */
    readonly uploads: Array<{ kind: 'install' | 'update'; zip: Buffer }> = [];

    private readonly authToken = crypto.randomBytes(16).toString('hex');
    private readonly userId = 'admin-user-id';

    private constructor(
        readonly model: ServerModel,
        private readonly server: http.Server,
        private readonly credentials: { username: string; password: string },
    ) {}

    static async start(model: ServerModel, credentials: { username: string; password: string }): Promise<AppsRestApi> {
        const server = http.createServer();
        const api = new AppsRestApi(model, server, credentials);
        server.on('request', (req, res) => {
            api.handle(req).then(
                ({ status, body }) => res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body)),
                (e: unknown) => res.writeHead(500).end(JSON.stringify({ success: false, error: String(e) })),
            );
        });
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        return api;
    }

    get url(): string {
        return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    async stop(): Promise<void> {
        await new Promise((resolve) => this.server.close(resolve));
        await this.engine?.stop();
    }

    private async handle(req: http.IncomingMessage): Promise<{ status: number; body: unknown }> {
        const body = await readBody(req);
        const route = `${req.method} ${(req.url ?? '').split('?')[0]}`;
        if (route === 'GET /api/info') {
            return { status: 200, body: { version: '6.14.0', success: true } };
        }
        if (route === 'POST /api/v1/login') {
            const { username, password } = JSON.parse(body.toString('utf8') || '{}');
            if (username !== this.credentials.username || password !== this.credentials.password) {
                return { status: 401, body: { status: 'error', error: 'Unauthorized', message: 'Unauthorized' } };
            }
            return { status: 200, body: { status: 'success', data: { userId: this.userId, authToken: this.authToken } } };
        }
        const apps = /^(GET|POST) \/api\/apps(?:\/([^/]+))?$/.exec(route);
        if (!apps) {
            return { status: 404, body: { success: false, error: 'Not found' } };
        }
        if (req.headers['x-user-id'] !== this.userId || req.headers['x-auth-token'] !== this.authToken) {
            return { status: 401, body: { status: 'error', message: 'You must be logged in to do this.' } };
        }
        const [, method, appId] = apps;
        if (method === 'GET') {
            return appId && this.engine?.appId === appId
                ? { status: 200, body: { success: true, app: { id: appId, status: await this.engine.appStatus() } } }
                : { status: 404, body: { success: false, error: `No App found by the id of: ${appId}` } };
        }
        const zip = multipartFile(body, req.headers['content-type'] ?? '', 'app');
        if (!zip) {
            return { status: 400, body: { success: false, error: 'Failed to get a file to install for the App. ' } };
        }
        if (appId) {
            if (!this.engine || this.engine.appId !== appId) {
                return { status: 404, body: { success: false, error: `No App found by the id of: ${appId}` } };
            }
            await this.engine.update(zip);
            this.uploads.push({ kind: 'update', zip });
        } else {
            const zipPath = path.join(scratchDir, 'uploads', `${crypto.randomUUID()}.zip`);
            fs.mkdirSync(path.dirname(zipPath), { recursive: true });
            fs.writeFileSync(zipPath, new Uint8Array(zip));
            this.engine = await Engine.start(this.model, { zipPath });
            this.uploads.push({ kind: 'install', zip });
        }
        return { status: 200, body: { success: true, app: { id: this.engine.appId, status: await this.engine.appStatus() } } };
    }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => resolve(Buffer.concat(chunks)));
        req.on('error', reject);
    });
}

/** The content of the multipart/form-data part named `field`, as the form-data package rc-apps uses writes it. */
function multipartFile(body: Buffer, contentType: string, field: string): Buffer | undefined {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
    if (!boundary) {
        return undefined;
    }
    const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
    let start = body.indexOf(delimiter);
    while (start !== -1) {
        const next = body.indexOf(delimiter, start + delimiter.length);
        if (next === -1) {
            return undefined;
        }
        const part = body.subarray(start + delimiter.length + 2, next - 2); // CRLF after the delimiter, before the next
        const headerEnd = part.indexOf('\r\n\r\n');
        if (headerEnd !== -1 && part.subarray(0, headerEnd).toString('utf8').includes(`name="${field}"`)) {
            return Buffer.from(part.subarray(headerEnd + 4));
        }
        start = next;
    }
    return undefined;
}
