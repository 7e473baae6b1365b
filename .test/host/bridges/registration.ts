import type { ISlashCommand } from '@rocket.chat/apps-engine/definition/slashcommands';
import { ApiBridge, CommandBridge } from '@rocket.chat/apps-engine/server/bridges';
import type { AppApi } from '@rocket.chat/apps-engine/server/managers/AppApi';

import type { HostContext } from './context';

// RC wires registered commands and endpoints into its own routers; here the engine's managers run them
// (Engine.runSlashCommand, Engine.callEndpoint) and the bridges keep what is routed.

export class HostCommandBridge extends CommandBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async doesCommandExist(command: string): Promise<boolean> {
        return this.ctx.instance.commands.has(command);
    }

    protected async enableCommand(): Promise<void> {}

    protected async disableCommand(): Promise<void> {}

    protected async modifyCommand(): Promise<void> {}

    protected async registerCommand(command: ISlashCommand): Promise<void> {
        this.ctx.instance.commands.add(command.command);
    }

    protected async unregisterCommand(command: string): Promise<void> {
        this.ctx.instance.commands.delete(command);
    }
}

export class HostApiBridge extends ApiBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async registerApi(api: AppApi, appId: string): Promise<void> {
        const paths = this.ctx.instance.apis.get(appId) || new Set<string>();
        this.ctx.instance.apis.set(appId, paths.add(api.endpoint.path));
    }

    protected async unregisterApis(appId: string): Promise<void> {
        this.ctx.instance.apis.delete(appId);
    }
}
