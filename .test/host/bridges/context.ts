import type { IProcessor } from '@rocket.chat/apps-engine/definition/scheduler';

import type { ModelPort } from '../model/port';
import type { ServerSide } from '../ServerSide';

/** What an engine keeps in its own process (RC keeps these per server instance, not in the database). */
export interface InstanceState {
    /** Scheduler processors the app registered on this instance, by `<id>_<appId>`. */
    readonly processors: Map<string, IProcessor>;
    /** Slash commands registered on this instance. */
    readonly commands: Set<string>;
    /** Endpoint paths routed on this instance, per app (RC's router; gone while the app is disabled). */
    readonly apis: Map<string, Set<string>>;
    /** The installed app's name (RC labels app-created livechat rooms with it). */
    appName(appId: string): string | undefined;
}

export interface HostContext {
    readonly port: ModelPort;
    readonly server: ServerSide;
    readonly instance: InstanceState;
}
