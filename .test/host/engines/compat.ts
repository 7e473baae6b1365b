import { AppInterface } from '@rocket.chat/apps-engine/definition/metadata';
import type { ProxiedApp } from '@rocket.chat/apps-engine/server/ProxiedApp';
import type { IRuntimeController } from '@rocket.chat/apps-engine/server/runtime/IRuntimeController';

import { selectedEngine } from './engines';

// API differences between engine generations that the host meets outside the bridges (the host compiles
// against 1.62's types; these accessors take the older shapes too). See .test/host/README.md, "Engines".

/** An app's Deno runtime controller: `getDenoRuntime()` in 1.46, `getRuntimeController()` since 1.5x. */
export function runtimeControllerOf(app: ProxiedApp): IRuntimeController {
    const legacy = app as unknown as { getDenoRuntime?: () => IRuntimeController };
    return typeof app.getRuntimeController === 'function' ? app.getRuntimeController() : legacy.getDenoRuntime!();
}

/**
 * Whether this engine has the event at all. 1.46 (RC 6.x) has no IPostSystemMessageSent: RC 6.x stores
 * system messages (MessageService.saveSystemMessage, apps/meteor/server/services/messages/service.ts)
 * without any app event, and an event the engine does not know would only log "An invalid listener was
 * called". So on such an engine the host fires nothing, as that server did.
 */
export function engineHasEvent(name: string): boolean {
    return Object.values(AppInterface as Record<string, string>).includes(name);
}

/** Whether the engine this run uses is `version` or newer (for the few outcomes that differ by engine). */
export function engineAtLeast(version: string): boolean {
    const [a, b] = [selectedEngine().version, version].map((v) => v.split('.').map(Number));
    const i = a.findIndex((part, n) => part !== b[n]);
    return i < 0 || a[i] > b[i];
}

/**
 * Whether an app's log line is stored when another call into the app starts before its own call ends. Up to
 * 1.57 the Deno runtime has one logger per app, replaced by every new request, and each response carries the
 * entries of the logger current at that moment (deno-runtime/main.ts, lib/messenger.ts): lines written by a
 * call that overlapped a later one never reach the log storage. 1.62 gives every request its own logger
 * (deno-runtime/lib/wrapAppForRequest.ts). A ShiftLink relay always overlaps (its bot post fires an event).
 */
export const engineKeepsLogsOfOverlappingCalls = (): boolean => engineAtLeast('1.62.0');

/**
 * Whether the engine calls the app's onEnable again when it restarts a crashed app process
 * (AppsEngineDenoRuntime.restartApp): 1.57 and 1.62 run initialize, setStatus and, for an enabled app,
 * onEnable; 1.46 runs initialize only, so an app learns of the restart from nothing it is called with.
 */
export const engineReenablesAfterCrash = (): boolean => engineAtLeast('1.57.0');
