// The sandbox end to end, as `npm start` runs it (a child process) and as a person uses it (the page in
// Chromium or Chrome, see findChromium): relay both ways, the slash command, and the idle warning and close after a
// fast-forward. Saves the README's screenshots.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { findChromium } from '../host/platform/browser';
import { repoRoot } from '../host/paths';
import { translate } from '../../src/lib/i18n';

// The README's screenshots are refreshed on request only, so a test run leaves the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS ? path.join(repoRoot, 'docs', 'screenshots') : path.join(repoRoot, '.tmp', 'screenshots');
const UI_TIMEOUT_MS = 10_000;

let server: ChildProcess | undefined;
let output = '';
let browser: Browser | undefined;
let page: Page;

/** `node test/tools/run.js test/sandbox/server.ts` on a free port; resolves with the URL it prints. */
function startServer(): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [path.join(repoRoot, 'test', 'tools', 'run.js'), path.join('test', 'sandbox', 'server.ts')], {
            cwd: repoRoot,
            env: { ...process.env, PORT: '0' },
            stdio: ['ignore', 'pipe', 'pipe'],
        });
        server = child;
        const onData = (chunk: Buffer) => {
            output += chunk.toString();
            const match = /ShiftLink sandbox: (http:\/\/\S+)/.exec(output);
            if (match) {
                resolve(match[1]);
            }
        };
        child.stdout!.on('data', onData);
        child.stderr!.on('data', onData);
        child.once('exit', (code) => reject(new Error(`The sandbox server exited (code ${code}) before serving:\n${output}`)));
        // Packaging the app on a cold cache takes a while; beyond this something is stuck: say what it printed.
        setTimeout(() => reject(new Error(`The sandbox server did not print its URL in time:\n${output}`)), 150_000).unref();
    });
}

const rep = (text: string) => page.locator('[data-testid="rep-messages"] [data-testid="rep-message"]', { hasText: text });
const manager = (text: string) => page.locator('[data-testid="manager-messages"] [data-testid="manager-message"]', { hasText: text });
const visible = (locator: ReturnType<Page['locator']>) => locator.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });

beforeAll(async () => {
    const executablePath = findChromium();
    const url = await startServer();
    browser = await chromium.launch({
        executablePath,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    await page.goto(url);
    await page.locator('[data-testid="connection"][data-state="up"]').waitFor({ timeout: UI_TIMEOUT_MS });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 180_000);

afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
        const exited = new Promise((resolve) => server!.once('exit', resolve));
        server.kill('SIGTERM');
        await exited;
    }
});

test('a rep message reaches the shift manager, and the answer comes back into the DM', async () => {
    await page.fill('[data-testid="rep-input"]', 'Customer wants a refund of 240 EUR, my limit is 150. OK?');
    await page.click('[data-testid="rep-send"]');
    await visible(manager('Customer wants a refund of 240 EUR'));
    await visible(rep(translate('en', 'agent_joined', { agent: 'Ana Agent' })));

    await page.fill('[data-testid="manager-input"]', 'Yes, approved up to 250 EUR. Note it in the ticket.');
    await page.click('[data-testid="manager-send"]');
    const answer = rep('Yes, approved up to 250 EUR');
    await visible(answer);
    // Posted by the bot under the manager's name.
    expect(await answer.first().getAttribute('data-from-bot')).toBe('true');
    expect(await answer.first().textContent()).toContain(translate('en', 'from_manager_alias', { agent: 'Ana Agent' }));
    await visible(page.locator('[data-testid="countdown"]', { hasText: 'idle close in' }));
});

test('/shiftlink status answers only the rep', async () => {
    await page.fill('[data-testid="rep-input"]', '/shiftlink status');
    await page.click('[data-testid="rep-send"]');
    const reply = page.locator('[data-testid="rep-notification"]', { hasText: 'Ana Agent' });
    await visible(reply);
    // People read names and times, never the room id (issue 10).
    expect(await reply.first().textContent()).toMatch(/is open\. Shift manager: Ana Agent\./);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'relay.png') });
});

test('fast-forward: the idle warning, then the close notice, and the room closes for the manager', async () => {
    await page.click('[data-testid="advance-5"]');
    await visible(rep(translate('en', 'idle_warning', { minutes: 1 })));
    await visible(rep(translate('en', 'close_notice', { minutes: 5 })));
    await page.locator('[data-testid="room-item"][data-open="false"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-testid="room-item"][data-open="true"]').count()).toBe(0);
    await visible(page.locator('[data-testid="manager-messages"] [data-system="livechat-close"]'));
    expect(await page.locator('[data-testid="manager-input"]').isDisabled()).toBe(true);
    await visible(page.locator('#no-session'));
    await page.screenshot({ path: path.join(SCREENSHOTS, 'idle-close.png') });
});
