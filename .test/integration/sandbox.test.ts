// The sandbox end to end, as a person starts it (`npm start`, stopped by its pid at the end) and uses it (the
// page in Chromium or Chrome, see findChromium, at 1440 and 1024 px): relay both ways under the bot's avatar,
// the App tag and the manager's alias; names, never ids; the status card in blocks; the idle warning and its
// "Keep it open"; a handover to a second agent; the idle close with one time on both sides; End conversation
// and Try again through the block-action path; a layout that does not move when a session opens.
// UPDATE_SCREENSHOTS=1 refreshes the README's screenshots in .github/screenshots/ (a dot-folder, so
// `rc-apps package` leaves them out of the app).
import type { ChildProcess } from 'child_process';
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

import type { Browser, Locator, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

import { findChromium } from '../host/platform/browser';
import { repoRoot } from '../host/paths';
import { translate } from '../../src/lib/i18n';

// The README's screenshots are refreshed on request only, so a test run leaves the tree clean.
const SCREENSHOTS = process.env.UPDATE_SCREENSHOTS
    ? path.join(repoRoot, '.github', 'screenshots')
    : path.join(repoRoot, '.tmp', 'screenshots');
const UI_TIMEOUT_MS = 15_000;
const SETTLE_MS = 300;

let server: ChildProcess | undefined;
let output = '';
let url = '';
let browser: Browser | undefined;
let page: Page;
// What the page itself reported: React or fuselage failures show here before they show anywhere else.
const pageErrors: string[] = [];

/** `npm start` in its own process group (as from a terminal) on a free port; resolves with the URL it prints. */
function startServer(): Promise<string> {
    return new Promise((resolve, reject) => {
        const child = spawn('npm', ['start'], {
            cwd: repoRoot,
            env: { ...process.env, PORT: '0' },
            stdio: ['ignore', 'pipe', 'pipe'],
            detached: true,
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
        // Packaging the app and bundling the page on a cold cache take a while; beyond this something is stuck.
        setTimeout(() => reject(new Error(`The sandbox server did not print its URL in time:\n${output}`)), 170_000).unref();
    });
}

/** Processes of the server's process group (npm, node, Deno, esbuild…), from `ps`. */
function processesOf(groupId: number): string[] {
    const table = execFileSync('ps', ['-eo', 'pgid=,pid=,args='], { encoding: 'utf8' });
    return table
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line.split(/\s+/)[0] === String(groupId));
}

async function waitUntil(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
    const start = Date.now();
    while (!(await check())) {
        if (Date.now() - start > timeoutMs) {
            throw new Error(`Timed out waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, 200));
    }
}

const rep = (text: string) => page.locator('[data-testid="rep-messages"] [data-testid="rep-message"]', { hasText: text });
const manager = (text: string) => page.locator('[data-testid="manager-messages"] [data-testid="manager-message"]', { hasText: text });
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
// Evaluated in the page (the test's TypeScript has no DOM types): the server's state as JSON.
const state = async () =>
    (await page.evaluate(`fetch('/api/state').then((r) => r.json())`)) as {
        rooms: Array<{ id: string; open: boolean }>;
        rep: { id: string };
        agents: Array<{ id: string }>;
        session: { closeAt: string | null } | null;
    };

/** The fixed regions of the page; none of them may move or resize when the state changes. */
const REGIONS = [
    '.sl-topbar',
    '.sl-brand',
    '.sl-clock',
    '[data-testid="session-info"]',
    '[data-testid="settings-open"]',
    '.sl-pane-rep',
    '.sl-pane-manager',
    '[data-testid="room-list"]',
    '[data-testid="room-header"]',
    '[data-testid="manager-close"]',
    '[data-testid="rep-messages"]',
    '[data-testid="manager-messages"]',
    '[data-testid="rep-send"]',
    '[data-testid="log-panel"]',
];

async function regionBoxes(): Promise<Record<string, unknown>> {
    const boxes: Record<string, unknown> = {};
    for (const selector of REGIONS) {
        const box = await page.locator(selector).first().boundingBox();
        boxes[selector] = box && {
            x: Math.round(box.x),
            y: Math.round(box.y),
            width: Math.round(box.width),
            height: Math.round(box.height),
        };
    }
    return boxes;
}

/** The little of the DOM these checks use (the test's TypeScript has no DOM types). */
interface DomNode {
    scrollWidth: number;
    clientWidth: number;
    scrollLeft: number;
    getBoundingClientRect(): { left: number; right: number };
    closest(selector: string): DomNode | null;
    querySelectorAll(selector: string): ArrayLike<DomNode>;
}

/** Every button fully inside the viewport and its pane, its label not cut ("Cl" for "Close"). */
async function expectButtonsWhole(selectors: string[]): Promise<void> {
    const viewport = page.viewportSize()!;
    for (const selector of selectors) {
        const button = page.locator(selector).first();
        const box = (await button.boundingBox())!;
        expect({
            selector,
            inside: box.x >= 0 && box.y >= 0 && box.x + box.width <= viewport.width && box.y + box.height <= viewport.height,
        }).toEqual({ selector, inside: true });
        const cut = await button.evaluate((el: DomNode) => {
            const clipped = (node: DomNode) => node.scrollWidth > node.clientWidth + 1;
            const pane = el.closest('.sl-pane, .sl-topbar');
            const paneBox = pane?.getBoundingClientRect();
            const own = el.getBoundingClientRect();
            const outsidePane = !!paneBox && (own.left < paneBox.left - 1 || own.right > paneBox.right + 1);
            // A pane scrolled sideways hides part of itself although every box fits.
            return clipped(el) || Array.from(el.querySelectorAll('*')).some(clipped) || outsidePane || (pane?.scrollLeft ?? 0) > 0;
        });
        expect({ selector, cut }).toEqual({ selector, cut: false });
    }
}

/** Opens a session with a rep message and checks that the page's regions stayed where they were. */
async function openSessionKeepingLayout(text: string): Promise<void> {
    await page.waitForTimeout(SETTLE_MS);
    const before = await regionBoxes();
    await page.fill('[data-testid="rep-input"]', text);
    await page.click('[data-testid="rep-send"]');
    await visible(manager(text.replace(/\*\*/g, ''))); // as rendered: markdown marks become formatting
    await page.locator('[data-testid="session-info"][data-open="true"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.waitForTimeout(SETTLE_MS);
    expect(await regionBoxes()).toEqual(before);
}

/**
 * A picture that crops nothing: the window grows until no message list or drawer needs to scroll (first
 * message included), then returns to its size.
 */
async function screenshot(name: string): Promise<void> {
    // No pressed- or hovered-looking button in the picture.
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    await page.mouse.move(0, page.viewportSize()!.height - 1);
    const size = page.viewportSize()!;
    const hidden = Number(
        await page.evaluate(
            `Math.max(0, ...[...document.querySelectorAll('.sl-messages, .sl-settings-content')].map((e) => e.scrollHeight - e.clientHeight))`,
        ),
    );
    if (hidden > 0) {
        await page.setViewportSize({ width: size.width, height: size.height + hidden + 8 });
    }
    await page.waitForTimeout(SETTLE_MS); // layout, fonts and avatars in place
    await page.screenshot({ path: path.join(SCREENSHOTS, name) });
    await page.setViewportSize(size);
}

/** A virtual-clock instant as the page writes times ("2:47 AM"; UTC, the sandbox users' offset). */
function clockTime(iso: string): string {
    const d = new Date(iso);
    return `${d.getUTCHours() % 12 || 12}:${String(d.getUTCMinutes()).padStart(2, '0')} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

/** The time shown on a message and the virtual-clock instant behind it. */
async function timeOf(message: Locator): Promise<{ shown: string; at: string }> {
    return {
        shown: (await message.first().locator('[data-testid="message-time"]').textContent()) ?? '',
        at: (await message.first().getAttribute('data-at')) ?? '',
    };
}

beforeAll(async () => {
    const executablePath = findChromium();
    url = await startServer();
    browser = await chromium.launch({
        executablePath,
        args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
        ],
    });
    page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
    await page.goto(url);
    await page.locator('[data-testid="connection"][data-state="up"]').waitFor({ timeout: UI_TIMEOUT_MS });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
}, 200_000);

afterAll(async () => {
    await browser?.close();
    if (server && server.exitCode === null) {
        process.kill(-server.pid!, 'SIGKILL'); // only if the last test failed before stopping it
    }
});

test('1440 px: a rep message reaches the shift manager, and the answer comes back as the bot under the manager’s alias', async () => {
    await openSessionKeepingLayout('Customer wants a refund of 240 EUR, my limit is **150**. OK?');
    await visible(rep(translate('en', 'agent_joined', { agent: 'Ana Agent' })));
    // Omnichannel's room header and queue: the contact, the agent and the department by name.
    await expect(page.locator('[data-testid="room-title"]').textContent()).resolves.toContain('Rita Rep');
    await expect(page.locator('[data-testid="room-meta"]').textContent()).resolves.toBe('Agent: Ana Agent · Department: Shift managers');
    await expect(page.locator('[data-testid="room-item"][data-open="true"]').first().textContent()).resolves.toContain('Rita Rep');
    // message-parser's markdown: the bold limit is bold.
    await visible(manager('my limit is').locator('strong', { hasText: '150' }));

    await page.fill('[data-testid="manager-input"]', 'Yes, approved up to 250 EUR. Note it in the ticket.');
    await page.click('[data-testid="manager-send"]');
    const answer = rep('Yes, approved up to 250 EUR');
    await visible(answer);
    expect(await answer.first().getAttribute('data-from-bot')).toBe('true');
    await expect(answer.first().locator('[data-testid="message-name"]').textContent()).resolves.toBe(
        translate('en', 'from_manager_alias', { agent: 'Ana Agent' }),
    );
    await expect(answer.first().locator('[data-testid="app-tag"]').textContent()).resolves.toBe('App');
    // The bot's avatar is the app's icon, as RC shows an app's bot user.
    expect(await answer.first().locator('img').first().getAttribute('src')).toBe('/avatar/shiftlink.bot');
    await visible(page.locator('[data-testid="countdown"]', { hasText: 'idle close in' }));
    await expectButtonsWhole([
        '[data-testid="forward-open"]',
        '[data-testid="manager-close"]',
        '[data-testid="manager-send"]',
        '[data-testid="advance-5"]',
        '[data-testid="settings-open"]',
    ]);
    await screenshot('relay.png');
});

test('/shiftlink status answers only the rep; the page shows names, never ids', async () => {
    await page.fill('[data-testid="rep-input"]', '/shiftlink status');
    await page.click('[data-testid="rep-send"]');
    // The answer is a title (the text) with its card in blocks: who answers, open since, closes at.
    const reply = page.locator('[data-testid="rep-message"][data-ephemeral="true"]', { hasText: translate('en', 'status_title') });
    await visible(reply);
    await visible(reply.locator('[data-testid="only-you"]'));
    const card = (await reply.first().locator('[data-block="section"]').innerText()).split('\n');
    expect(card[0]).toBe(`${translate('en', 'status_manager')}: Ana Agent`);
    // The app's times in the page's one format ("2:42 AM"), the deadline the one the top bar counts down to.
    const deadline = (await state()).session!.closeAt!;
    expect(card.slice(1)).toEqual([
        expect.stringMatching(new RegExp(`^${translate('en', 'status_open_since')}: \\d{1,2}:\\d{2} [AP]M$`)),
        `${translate('en', 'status_closes_at')}: ${clockTime(deadline)}`,
    ]);
    await expect(reply.first().locator('[data-testid="block-button"]').textContent()).resolves.toBe(translate('en', 'button_end'));

    // Outside what people wrote (the app's own status text names its room), no id of a room or user shows.
    const snapshot = await state();
    const ids = [snapshot.rep.id, ...snapshot.agents.map((a) => a.id), ...snapshot.rooms.map((r) => r.id)];
    const chrome = (await page.evaluate(`(() => {
        const copy = document.body.cloneNode(true);
        copy.querySelectorAll('[data-testid="message-text"], [data-testid="log-panel"]').forEach((n) => n.remove());
        return copy.textContent;
    })()`)) as string;
    expect(ids.filter((id) => chrome.includes(id))).toEqual([]);
});

test('fast-forward to the idle warning: the rep sees it with "Keep it open", and the click postpones the close', async () => {
    const warning = rep(translate('en', 'idle_warning', { minutes: 1 }));
    for (let i = 0; i < 5 && !(await warning.count()); i++) {
        await page.click('[data-testid="advance-1"]');
        await page.locator('[data-testid="advance-1"]:not([disabled])').waitFor({ timeout: UI_TIMEOUT_MS });
    }
    await visible(warning);
    // The manager's warning, privately in the room, with its own button.
    const managerWarning = manager(translate('en', 'idle_warning_manager', { minutes: 1 }));
    await visible(managerWarning.locator('[data-testid="block-button"]', { hasText: translate('en', 'button_keep_open') }));
    await visible(managerWarning.locator('[data-testid="only-you"]'));
    await screenshot('warning.png');

    const keepOpen = warning.first().locator('[data-testid="block-button"]', { hasText: translate('en', 'button_keep_open') });
    await expect(keepOpen.count()).resolves.toBe(1);

    // The app's block action through the host's interaction path.
    const deadline = (await state()).session!.closeAt!;
    const countdown = page.locator('[data-testid="countdown"]');
    const before = await countdown.textContent();
    await keepOpen.click();
    // The manager reads who kept it open in the room (a note, not a private reply); the rep gets a word back.
    const kept = translate('en', 'kept_open', { name: 'Rita Rep' });
    await visible(manager(kept));
    expect(await manager(kept).first().locator('[data-testid="only-you"]').count()).toBe(0);
    await visible(rep(kept).and(page.locator('[data-ephemeral="true"]')));
    await waitUntil(async () => ((await state()).session?.closeAt ?? '') > deadline, 'the idle deadline to move after "Keep it open"');
    await waitUntil(async () => (await countdown.textContent()) !== before, 'the countdown to move');
    expect(await countdown.textContent()).toMatch(/idle close in [45]:\d\d/);
    // The old deadline passes and the room stays open.
    await page.click('[data-testid="advance-1"]');
    await page.locator('[data-testid="advance-1"]:not([disabled])').waitFor({ timeout: UI_TIMEOUT_MS });
    expect((await state()).rooms.filter((r) => r.open)).toHaveLength(1);
});

test('handover: the manager forwards the room to a second agent, who then answers the rep', async () => {
    await page.click('[data-testid="forward-open"]');
    await page.locator('[data-testid="forward-dialog"]').waitFor({ timeout: UI_TIMEOUT_MS });
    await page.click('[data-testid="forward-agent-bruno"]');
    await page.click('[data-testid="forward-confirm"]');
    await page.locator('[data-testid="room-meta"]', { hasText: 'Agent: Bruno Backup' }).waitFor({ timeout: UI_TIMEOUT_MS });
    await visible(manager('New chat transfer'));
    // The pane is now Bruno's desk.
    await page.locator('[data-testid="manager-viewer"]', { hasText: 'Bruno Backup' }).waitFor({ timeout: UI_TIMEOUT_MS });
    // The rep learns who answers now, once.
    const tookOver = rep(translate('en', 'agent_took_over', { agent: 'Bruno Backup', previous: 'Ana Agent' }));
    await visible(tookOver);
    expect(await tookOver.first().getAttribute('data-from-bot')).toBe('true');

    await page.fill('[data-testid="manager-input"]', 'Bruno here, I take over. Refund approved.');
    await page.click('[data-testid="manager-send"]');
    const answer = rep('Bruno here, I take over');
    await visible(answer);
    await expect(answer.first().locator('[data-testid="message-name"]').textContent()).resolves.toBe(
        translate('en', 'from_manager_alias', { agent: 'Bruno Backup' }),
    );
    await screenshot('handover.png');
});

test('fast-forward to the idle close: the close notice and the room’s close line carry one time', async () => {
    const notice = rep(translate('en', 'close_notice', { minutes: 5 }));
    await page.click('[data-testid="advance-5"]');
    await visible(notice);
    await page.locator('[data-testid="room-item"][data-open="false"]').first().waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-testid="room-item"][data-open="true"]').count()).toBe(0);
    const closeLine = page.locator('[data-testid="manager-messages"] [data-system="livechat-close"]');
    await visible(closeLine);
    // One clock: both at the moment of the close (real milliseconds apart, as on a server), not minutes.
    const [noticeTime, closeTime] = [await timeOf(notice), await timeOf(closeLine)];
    expect(Math.abs(Date.parse(noticeTime.at) - Date.parse(closeTime.at))).toBeLessThan(5_000);
    if (noticeTime.at.slice(0, 16) === closeTime.at.slice(0, 16)) {
        expect(noticeTime.shown).toBe(closeTime.shown);
    }
    expect(await page.locator('[data-testid="manager-input"]').isDisabled()).toBe(true);
    await visible(page.locator('#no-session'));
});

test('the settings drawer lists every setting with its own Save', async () => {
    await page.click('[data-testid="settings-open"]');
    await page.locator('[data-testid="settings-drawer"]').waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-testid="setting"]').count()).toBeGreaterThanOrEqual(5);
    // Beside the panes, not over them; the department by name.
    const drawer = (await page.locator('[data-testid="settings-drawer"]').boundingBox())!;
    const managerPane = (await page.locator('.sl-pane-manager').boundingBox())!;
    expect(managerPane.x + managerPane.width).toBeLessThanOrEqual(drawer.x);
    await expect(page.locator('[data-setting-id="shiftlink_department"] input').inputValue()).resolves.toBe('Shift managers');
    await screenshot('settings.png');
    await page.click('[data-testid="settings-close"]');
    await page.locator('[data-testid="settings-drawer"]').waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
});

test('1024 px: nothing moves when a session opens, and every button shows whole', async () => {
    await page.setViewportSize({ width: 1024, height: 768 });
    await openSessionKeepingLayout('Second customer: can I offer a voucher instead?');
    await expectButtonsWhole([
        '[data-testid="forward-open"]',
        '[data-testid="manager-close"]',
        '[data-testid="manager-send"]',
        '[data-testid="rep-send"]',
        '[data-testid="advance-1"]',
        '[data-testid="advance-5"]',
        '[data-testid="settings-open"]',
    ]);
    // The relayed answer keeps its App tag in the narrower pane.
    await page.fill('[data-testid="manager-input"]', 'Yes, a voucher is fine.');
    await page.click('[data-testid="manager-send"]');
    await visible(rep('Yes, a voucher is fine').locator('[data-testid="app-tag"]'));
});

test('the app’s buttons go through the block-action path: End conversation, then Yes, end it', async () => {
    const end = translate('en', 'button_end');
    const confirm = translate('en', 'button_end_confirm');
    await page.fill('[data-testid="rep-input"]', '/shiftlink status');
    await page.click('[data-testid="rep-send"]');
    const card = page.locator('[data-testid="rep-message"][data-ephemeral="true"]', { hasText: end });
    await waitUntil(async () => (await card.count()) >= 2, 'the second status card'); // the first belongs to the closed session
    await card.last().locator('[data-testid="block-button"]', { hasText: end }).click();
    const question = page.locator('[data-testid="rep-message"]', { hasText: confirm });
    await visible(question);
    await question.last().locator('[data-testid="block-button"]', { hasText: confirm }).click();
    await visible(rep(translate('en', 'closed_by_rep')));
    await waitUntil(async () => (await state()).rooms.every((r) => !r.open), 'the room to close');
    await visible(page.locator('#no-session'));
});

test('availability: with the manager offline the rep is told, back online the message goes through', async () => {
    // The switch is controlled by the server's state: click it as a person does, then wait for the new state.
    const toggle = page.locator('.sl-availability-label');
    await toggle.click();
    await page.locator('.sl-availability-label', { hasText: /^Not available$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    const rooms = (await state()).rooms.length;
    const text = 'Anyone there? The customer is waiting.';
    await page.fill('[data-testid="rep-input"]', text);
    await page.click('[data-testid="rep-send"]');
    const notice = rep(translate('en', 'no_manager', { department: 'Shift managers' }));
    await visible(notice);
    expect((await state()).rooms.length).toBe(rooms);

    await toggle.click();
    await page.locator('.sl-availability-label', { hasText: /^Available$/ }).waitFor({ timeout: UI_TIMEOUT_MS });
    const tryAgain = notice.last().locator('[data-testid="block-button"]', { hasText: translate('en', 'button_try_again') });
    await tryAgain.click(); // the app re-sends the undelivered message, once
    await visible(manager(text));
    await waitUntil(async () => (await state()).rooms.some((r) => r.open), 'the room Try again opened');
    await page.waitForTimeout(SETTLE_MS);
    expect(await manager(text).count()).toBe(1);
});

test('the page reported no error through all of the above', () => {
    // Refusals the server answered with 400 are logged by the browser as failed loads; none happened above.
    expect(pageErrors).toEqual([]);
});

test('stopping `npm start` by its pid leaves no process behind (node, Deno, esbuild)', async () => {
    const groupId = server!.pid!;
    expect(processesOf(groupId).some((line) => /\bdeno\b/.test(line))).toBe(true);
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    process.kill(groupId, 'SIGTERM'); // npm's pid, as a user would find it
    await exited;
    await waitUntil(() => processesOf(groupId).length === 0, `the processes of npm start to end:\n${processesOf(groupId).join('\n')}`);
}, 60_000);
