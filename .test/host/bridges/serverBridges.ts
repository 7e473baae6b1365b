import type { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import {
    AppActivationBridge,
    AppDetailChangesBridge,
    EnvironmentalVariableBridge,
    ServerSettingBridge,
} from '@rocket.chat/apps-engine/server/bridges';
import type { IInternalFederationBridge } from '@rocket.chat/apps-engine/server/bridges';
import { InternalBridge } from '@rocket.chat/apps-engine/server/bridges/InternalBridge';

import type { HostContext } from './context';

/** Read side of RC's settings; hiding and writing server settings is not modelled. */
export abstract class HostServerSettingBridge extends ServerSettingBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async getAll(): Promise<ISetting[]> {
        return this.ctx.port.serverSettings.getAll();
    }

    protected async getOneById(id: string): Promise<ISetting> {
        return (await this.ctx.port.serverSettings.getOneById(id)) as ISetting;
    }

    protected async isReadableById(id: string): Promise<boolean> {
        return this.ctx.port.serverSettings.has(id);
    }
}

/** RC only exposes a few whitelisted environment variables to apps; the host exposes none. */
export class HostEnvironmentalVariableBridge extends EnvironmentalVariableBridge {
    protected async getValueByName(): Promise<string | undefined> {
        return undefined;
    }

    protected async isReadable(): Promise<boolean> {
        return false;
    }

    protected async isSet(): Promise<boolean> {
        return false;
    }
}

/** RC broadcasts app status changes to clients and other instances; nothing to do here. */
export class HostAppActivationBridge extends AppActivationBridge {
    protected async appAdded(): Promise<void> {}

    protected async appUpdated(): Promise<void> {}

    protected async appRemoved(): Promise<void> {}

    protected async appStatusChanged(): Promise<void> {}

    protected async actionsChanged(): Promise<void> {}
}

export class HostAppDetailChangesBridge extends AppDetailChangesBridge {
    protected onAppSettingsChange(): void {}
}

/** Engine-internal; the sync variant is not modelled (the model may live in another process). */
export abstract class HostInternalBridge extends InternalBridge {
    constructor(private readonly ctx: HostContext) {
        super();
    }

    protected async getUsernamesOfRoomById(roomId: string): Promise<string[]> {
        return this.ctx.port.rooms.getUsernames(roomId);
    }

    protected async getWorkspacePublicKey(): Promise<ISetting> {
        return (await this.ctx.port.serverSettings.getOneById('Cloud_Workspace_PublicKey')) as ISetting;
    }
}

/** The engine signs installed apps with the workspace's RSA key pair. */
export class HostFederationBridge implements IInternalFederationBridge {
    constructor(private readonly ctx: HostContext) {}

    async getPrivateKey(): Promise<string> {
        return (await this.ctx.port.server.keys()).privateKey;
    }

    async getPublicKey(): Promise<string> {
        return (await this.ctx.port.server.keys()).publicKey;
    }
}
