import { spawnSync } from 'child_process';
import * as path from 'path';
import { repoRoot } from '../host/paths';
import { stageApp } from '../host/packageApp';

/**
 * `npm run deploy -- --url https://chat.example.com -u admin -p secret [--update]`: runs `rc-apps deploy`
 * on a staging copy that holds only the app's files (rc-apps zips every file of its folder).
 *
 * `npm run typecheck` runs first and must pass; `--force` then only lets rc-apps past the errors it
 * reports inside @types/node 17 under TypeScript 5.9 (it cannot skip library checks), never app errors.
 */
function main(): number {
    const args = process.argv.slice(2);
    if (!args.includes('--url')) {
        console.error('usage: npm run deploy -- --url <server> (-u <user> -p <password> | -i <userId> -t <token>) [--update]');
        return 2;
    }
    const typecheck = spawnSync('npm', ['run', '--silent', 'typecheck'], { cwd: repoRoot, stdio: 'inherit' });
    if (typecheck.status !== 0) {
        return typecheck.status ?? 1;
    }
    const stage = stageApp(repoRoot);
    try {
        const cli = path.join(repoRoot, 'node_modules', '.bin', 'rc-apps');
        return spawnSync(cli, ['deploy', '--force', ...args], { cwd: stage.dir, stdio: 'inherit' }).status ?? 1;
    } finally {
        stage.remove();
    }
}

process.exit(main());
