import * as fs from 'fs';
import * as path from 'path';
import { packageApp } from '../host/packageApp';
import { repoRoot } from '../host/paths';

/** `npm run package`: dist/shiftlink_<version>.zip, the file an admin uploads (private app upload). */
async function main(): Promise<void> {
    const { version, nameSlug } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'app.json'), 'utf8'));
    const built = await packageApp(repoRoot);
    const target = path.join(repoRoot, 'dist', `${nameSlug}_${version}.zip`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(built, target);
    console.log(`${path.relative(repoRoot, target)} (${fs.statSync(target).size} bytes)`);
}

main().catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
});
