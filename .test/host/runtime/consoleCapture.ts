import { format } from 'util';

const METHODS = ['log', 'info', 'warn', 'error', 'debug'] as const;
// The engine of this run: the default package, or an npm alias of another version (.test/host/engines).
const ENGINE_FRAME = /node_modules[\\/](@rocket\.chat[\\/]apps-engine|apps-engine-[0-9.]+)[\\/]/;

const captured: string[] = [];
let installed = false;

const debug = (): boolean => process.env.DEBUG_HOST === '1';

/**
 * The engine writes to the console (runtime errors, permission denials, the app's own console output
 * relayed from Deno's stderr). Those lines go to a buffer, and to the console only with DEBUG_HOST=1;
 * console calls from anything else (tests, the sandbox) pass through untouched.
 */
export function captureEngineConsole(): void {
    if (installed) {
        return;
    }
    installed = true;
    for (const method of METHODS) {
        const original = console[method].bind(console);
        console[method] = (...args: unknown[]) => {
            if (!ENGINE_FRAME.test(new Error().stack || '')) {
                original(...args);
                return;
            }
            captured.push(`[${method}] ${format(...args)}`);
            if (debug()) {
                original(...args);
            }
        };
    }
}

/** Host-side diagnostics (e.g. a failing job) go to the same buffer. */
export function hostLog(line: string): void {
    captured.push(`[host] ${line}`);
    if (debug()) {
        console.error(line);
    }
}

/** Everything the engine printed in this process so far. */
export function engineConsoleOutput(): string[] {
    return [...captured];
}
