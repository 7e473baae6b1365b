import {
    ApiBridge,
    AppActivationBridge,
    AppBridges,
    AppDetailChangesBridge,
    CloudWorkspaceBridge,
    CommandBridge,
    ContactBridge,
    EmailBridge,
    EnvironmentalVariableBridge,
    ExperimentalBridge,
    HttpBridge,
    LivechatBridge,
    MessageBridge,
    ModerationBridge,
    OutboundMessageBridge,
    PersistenceBridge,
    RoleBridge,
    RoomBridge,
    SchedulerBridge,
    ServerSettingBridge,
    UiInteractionBridge,
    UploadBridge,
    UserBridge,
    VideoConferenceBridge,
} from '@rocket.chat/apps-engine/server/bridges';
import type { IInternalBridge, IInternalFederationBridge, IListenerBridge } from '@rocket.chat/apps-engine/server/bridges';
import { InternalBridge } from '@rocket.chat/apps-engine/server/bridges/InternalBridge';
import { ListenerBridge } from '@rocket.chat/apps-engine/server/bridges/ListenerBridge';
import { OAuthAppsBridge } from '@rocket.chat/apps-engine/server/bridges/OAuthAppsBridge';
import { ThreadBridge } from '@rocket.chat/apps-engine/server/bridges/ThreadBridge';

import type { BridgeCategory } from '../model/counters';
import type { HostContext } from './context';
import { always, BridgeHooks, makeBridge } from './instrument';
import { HostLivechatBridge } from './LivechatBridge';
import { HostMessageBridge } from './MessageBridge';
import { persistenceCategory, HostPersistenceBridge } from './PersistenceBridge';
import { HostApiBridge, HostCommandBridge } from './registration';
import { HostRoleBridge } from './RoleBridge';
import { HostRoomBridge } from './RoomBridge';
import { HostSchedulerBridge } from './SchedulerBridge';
import { HostUserBridge } from './UserBridge';
import {
    HostAppActivationBridge,
    HostAppDetailChangesBridge,
    HostEnvironmentalVariableBridge,
    HostFederationBridge,
    HostInternalBridge,
    HostServerSettingBridge,
} from './serverBridges';

type AnyClass<T> = abstract new (...args: never[]) => T;

/** The bridges one engine instance runs with; everything RC-specific that is absent throws `not modelled`. */
export class HostAppBridges extends AppBridges {
    private readonly bridges = new Map<string, unknown>();
    private readonly federation: IInternalFederationBridge;

    constructor(
        private readonly ctx: HostContext,
        private readonly hooks: BridgeHooks,
    ) {
        super();
        this.federation = new HostFederationBridge(ctx);
    }

    getCommandBridge = () => this.get('CommandBridge', CommandBridge, HostCommandBridge);
    getContactBridge = () => this.get('ContactBridge', ContactBridge);
    getApiBridge = () => this.get('ApiBridge', ApiBridge, HostApiBridge);
    getAppDetailChangesBridge = () => this.get('AppDetailChangesBridge', AppDetailChangesBridge, HostAppDetailChangesBridge);
    getEnvironmentalVariableBridge = () =>
        this.get('EnvironmentalVariableBridge', EnvironmentalVariableBridge, HostEnvironmentalVariableBridge);
    getHttpBridge = () => this.get('HttpBridge', HttpBridge);
    getListenerBridge = (): IListenerBridge => this.get('ListenerBridge', ListenerBridge) as unknown as IListenerBridge;
    getLivechatBridge = () => this.get('LivechatBridge', LivechatBridge, HostLivechatBridge, always('livechat'));
    getMessageBridge = () => this.get('MessageBridge', MessageBridge, HostMessageBridge, always('message'));
    getPersistenceBridge = () => this.get('PersistenceBridge', PersistenceBridge, HostPersistenceBridge, persistenceCategory);
    getAppActivationBridge = () => this.get('AppActivationBridge', AppActivationBridge, HostAppActivationBridge);
    getRoomBridge = () => this.get('RoomBridge', RoomBridge, HostRoomBridge, always('room'));
    getInternalBridge = (): IInternalBridge => this.get('InternalBridge', InternalBridge, HostInternalBridge) as unknown as IInternalBridge;
    getInternalFederationBridge = () => this.federation;
    getServerSettingBridge = () => this.get('ServerSettingBridge', ServerSettingBridge, HostServerSettingBridge);
    getUploadBridge = () => this.get('UploadBridge', UploadBridge);
    getEmailBridge = () => this.get('EmailBridge', EmailBridge);
    getUserBridge = () => this.get('UserBridge', UserBridge, HostUserBridge, always('user'));
    getUiInteractionBridge = () => this.get('UiInteractionBridge', UiInteractionBridge);
    getSchedulerBridge = () => this.get('SchedulerBridge', SchedulerBridge, HostSchedulerBridge, always('scheduler'));
    getCloudWorkspaceBridge = () => this.get('CloudWorkspaceBridge', CloudWorkspaceBridge);
    getVideoConferenceBridge = () => this.get('VideoConferenceBridge', VideoConferenceBridge);
    getOAuthAppsBridge = () => this.get('OAuthAppsBridge', OAuthAppsBridge);
    getModerationBridge = () => this.get('ModerationBridge', ModerationBridge);
    getThreadBridge = () => this.get('ThreadBridge', ThreadBridge);
    getRoleBridge = () => this.get('RoleBridge', RoleBridge, HostRoleBridge);
    getOutboundMessageBridge = () => this.get('OutboundMessageBridge', OutboundMessageBridge);
    getExperimentalBridge = () => this.get('ExperimentalBridge', ExperimentalBridge);

    /** One instance per bridge; `Host` defaults to the engine's class itself (nothing modelled). */
    private get<T extends object>(
        name: string,
        base: AnyClass<T>,
        Host: AnyClass<T> = base,
        category: (method: string) => BridgeCategory = always('other'),
    ): T {
        if (!this.bridges.has(name)) {
            const args = Host === base ? [] : [this.ctx];
            this.bridges.set(name, makeBridge(name, base, Host, args, category, this.hooks));
        }
        return this.bridges.get(name) as T;
    }
}
