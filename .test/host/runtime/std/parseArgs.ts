// Stand-in for jsr:@std/cli/parse-args: the engine passes `--name value` pairs only
// (--subprocess <appId> --spawnId <n>); numbers come back as numbers, like @std/cli.
export function parseArgs(args: string[]): Record<string, string | number | boolean> {
    const parsed: Record<string, string | number | boolean> = {};
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (!arg.startsWith('--')) {
            continue;
        }
        const next = args[i + 1];
        if (next === undefined || next.startsWith('--')) {
            parsed[arg.slice(2)] = true;
            continue;
        }
        parsed[arg.slice(2)] = next !== '' && !isNaN(Number(next)) ? Number(next) : next;
        i++;
    }
    return parsed;
}
