import * as fs from 'fs';
import * as path from 'path';

/** Where Chromium or Chrome usually lives, per platform (first found wins). */
const CANDIDATES: Record<string, string[]> = {
    linux: [
        '/usr/bin/chromium',
        '/usr/bin/chromium-browser',
        '/usr/bin/google-chrome',
        '/usr/bin/google-chrome-stable',
        '/snap/bin/chromium',
    ],
    darwin: [
        '/Applications/Chromium.app/Contents/MacOS/Chromium',
        '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
        path.join(process.env.HOME || '~', 'Applications/Chromium.app/Contents/MacOS/Chromium'),
        path.join(process.env.HOME || '~', 'Applications/Google Chrome.app/Contents/MacOS/Google Chrome'),
    ],
};

const HOW_TO_GET: Record<string, string> = {
    linux: 'install Chromium (Debian/Ubuntu: `sudo apt-get install chromium`; .ci/run does it) or Google Chrome',
    darwin: 'install Google Chrome, or Chromium (`brew install --cask chromium`)',
};

/**
 * The browser the sandbox test drives (playwright-core brings no browser): CHROMIUM_PATH or CHROME_PATH
 * when set, else the first Chromium or Chrome in this platform's usual places. Throws saying how to get one.
 */
export function findChromium(env = process.env, platform = process.platform): string {
    const explicit = env.CHROMIUM_PATH || env.CHROME_PATH;
    if (explicit) {
        if (!fs.existsSync(explicit)) {
            throw new Error(`No browser at ${explicit} (CHROMIUM_PATH/CHROME_PATH).`);
        }
        return explicit;
    }
    const found = (CANDIDATES[platform] || []).find((candidate) => fs.existsSync(candidate));
    if (found) {
        return found;
    }
    const how = HOW_TO_GET[platform] || 'install Chromium or Google Chrome';
    throw new Error(
        `The sandbox browser test needs Chromium or Chrome and found none on ${platform}: ${how}, or set CHROMIUM_PATH to its executable.`,
    );
}
