import * as fs from 'fs';
import * as path from 'path';

/**
 * The Deno binary comes from the @deno/* platform package npm installed for this machine (all four are
 * optionalDependencies, locked; npm installs only the one whose os/cpu match). Keys are Node's
 * `${process.platform}-${process.arch}`.
 */
const PLATFORM_PACKAGES: Record<string, string> = {
    'linux-x64': '@deno/linux-x64-glibc',
    'linux-arm64': '@deno/linux-arm64-glibc',
    'darwin-x64': '@deno/darwin-x64',
    'darwin-arm64': '@deno/darwin-arm64',
};

/** The folder holding the `deno` executable for this platform; throws naming the platform when there is none. */
export function denoBinDir(platform = process.platform, arch = process.arch): string {
    const key = `${platform}-${arch}`;
    const name = PLATFORM_PACKAGES[key];
    if (!name) {
        throw new Error(
            `No Deno binary package for ${key}: the host runs the Apps-Engine's Deno runtime with one of ${Object.values(PLATFORM_PACKAGES).join(', ')} ` +
                `(platforms ${Object.keys(PLATFORM_PACKAGES).join(', ')}). Windows and musl Linux are not supported.`,
        );
    }
    let dir: string;
    try {
        dir = path.dirname(require.resolve(`${name}/package.json`));
    } catch {
        throw new Error(
            `${name} (the Deno binary for ${key}) is not installed: run \`npm ci\` on this machine (npm installs only the current platform's optional package).`,
        );
    }
    if (!fs.existsSync(path.join(dir, 'deno'))) {
        throw new Error(`${name} holds no deno executable in ${dir}: reinstall with \`npm ci\`.`);
    }
    return dir;
}
