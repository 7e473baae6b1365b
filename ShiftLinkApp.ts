import {
    IAppUninstallationContext,
    IConfigurationExtend,
    IConfigurationModify,
    IEnvironmentRead,
    IHttp,
    IModify,
    IPersistence,
    IRead,
} from '@rocket.chat/apps-engine/definition/accessors';
import { ApiSecurity, ApiVisibility } from '@rocket.chat/apps-engine/definition/api';
import { App } from '@rocket.chat/apps-engine/definition/App';
import {
    ILivechatEventContext,
    ILivechatRoom,
    ILivechatTransferEventContext,
    IPostLivechatAgentAssigned,
    IPostLivechatAgentUnassigned,
    IPostLivechatRoomClosed,
    IPostLivechatRoomStarted,
    IPostLivechatRoomTransferred,
} from '@rocket.chat/apps-engine/definition/livechat';
import { IMessage, IPostMessageSent } from '@rocket.chat/apps-engine/definition/messages';
import { IPostMessageSentToBot } from '@rocket.chat/apps-engine/definition/messages/IPostMessageSentToBot';
import { ISetting } from '@rocket.chat/apps-engine/definition/settings';
import { ISettingUpdateContext } from '@rocket.chat/apps-engine/definition/settings/ISettingUpdateContext';
import { IUIKitInteractionHandler, IUIKitResponse, UIKitBlockInteractionContext } from '@rocket.chat/apps-engine/definition/uikit';
import { ShiftLinkCommand } from './src/commands/ShiftLinkCommand';
import { ProcessorId } from './src/config/ids';
import { endpointsWanted } from './src/endpoints/respond';
import { SETTINGS, SettingId } from './src/config/settings';
import { IncomingEndpoint } from './src/endpoints/IncomingEndpoint';
import { OutgoingEndpoint } from './src/endpoints/OutgoingEndpoint';
import { onBlockAction } from './src/handlers/blockAction';
import { onAgentAssignedNotice, onAgentUnassignedNotice, onRoomTransferredNotice } from './src/handlers/handover';
import { handoverSession, inRoomNoticeOrder, sessionActions } from './src/session/sessionActions';
import { onBotDirectMessage } from './src/handlers/botDirectMessage';
import { onLivechatRoomClosed } from './src/handlers/livechatRoomClosed';
import { onLivechatRoomStarted } from './src/handlers/livechatRoomStarted';
import { concernsShiftLink, onPostMessageSent } from './src/handlers/postMessageSent';
import { processors } from './src/jobs/processors';
import { closeAllOnUninstall } from './src/lifecycle/uninstall';
import { vetSettingUpdate } from './src/lifecycle/settingValidation';
import { CallContext } from './src/lib/context';
import { errorText } from './src/lib/errors';
import { forgetSetting, serverLanguage } from './src/config/readSettings';

export class ShiftLinkApp
    extends App
    implements
        IPostMessageSent,
        IPostMessageSentToBot,
        IPostLivechatRoomStarted,
        IPostLivechatAgentAssigned,
        IPostLivechatAgentUnassigned,
        IPostLivechatRoomTransferred,
        IPostLivechatRoomClosed,
        IUIKitInteractionHandler
{
    /** Lets the engine skip the execute call for the server's other traffic (and log no "method not found" per message). */
    public async checkPostMessageSent(message: IMessage): Promise<boolean> {
        return concernsShiftLink(message);
    }

    public async executePostMessageSent(
        message: IMessage,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<void> {
        await this.handle('IPostMessageSent', read, persistence, modify, (ctx) => onPostMessageSent(ctx, message));
    }

    public async executePostMessageSentToBot(
        message: IMessage,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<void> {
        await this.handle('IPostMessageSentToBot', read, persistence, modify, (ctx) => onBotDirectMessage(ctx, message));
    }

    public async executePostLivechatRoomStarted(
        room: ILivechatRoom,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify?: IModify,
    ): Promise<void> {
        await this.handle('IPostLivechatRoomStarted', read, persistence, modify, (ctx) => onLivechatRoomStarted(ctx, room));
    }

    public async executePostLivechatAgentAssigned(
        event: ILivechatEventContext,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify?: IModify,
    ): Promise<void> {
        await this.handle('IPostLivechatAgentAssigned', read, persistence, modify, (ctx) =>
            inRoomNoticeOrder(event.room, () => onAgentAssignedNotice(handoverSession(ctx), event)),
        );
    }

    public async executePostLivechatAgentUnassigned(
        event: ILivechatEventContext,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify?: IModify,
    ): Promise<void> {
        await this.handle('IPostLivechatAgentUnassigned', read, persistence, modify, (ctx) =>
            inRoomNoticeOrder(event.room, () => onAgentUnassignedNotice(handoverSession(ctx), event)),
        );
    }

    public async executePostLivechatRoomTransferred(
        event: ILivechatTransferEventContext,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify?: IModify,
    ): Promise<void> {
        await this.handle('IPostLivechatRoomTransferred', read, persistence, modify, (ctx) =>
            onRoomTransferredNotice(handoverSession(ctx), ctx.logger, event),
        );
    }

    /** Button clicks (RC's uikit router → the engine); the answer is always success, replies go out as messages. */
    public async executeBlockActionHandler(
        context: UIKitBlockInteractionContext,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<IUIKitResponse> {
        const click = context.getInteractionData();
        await this.handle('executeBlockActionHandler', read, persistence, modify, async (ctx) =>
            onBlockAction(
                {
                    modify,
                    logger: ctx.logger,
                    blockBuilder: () => modify.getCreator().getBlockBuilder(),
                    serverLanguage: await serverLanguage(read),
                },
                click,
                sessionActions(ctx),
            ),
        );
        return context.getInteractionResponder().successResponse();
    }

    public async executePostLivechatRoomClosed(
        room: ILivechatRoom,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify?: IModify,
    ): Promise<void> {
        await this.handle('IPostLivechatRoomClosed', read, persistence, modify, (ctx) => onLivechatRoomClosed(ctx, room));
    }

    public async onEnable(_environment: IEnvironmentRead, configurationModify: IConfigurationModify): Promise<boolean> {
        forgetSetting();
        // By processor id on purpose: one pending reconcile is enough, whichever instance scheduled it.
        await configurationModify.scheduler.cancelJob(ProcessorId.Reconcile);
        // The enable time bounds the catch-up: what reps write from now on reaches ShiftLink as live events.
        const enabledAt = new Date();
        await configurationModify.scheduler.scheduleOnce({
            id: ProcessorId.Reconcile,
            when: enabledAt,
            data: { enabledAt: enabledAt.getTime() },
        });
        return true;
    }

    public async onPreSettingUpdate(
        context: ISettingUpdateContext,
        _configurationModify: IConfigurationModify,
        read: IRead,
    ): Promise<ISetting> {
        return vetSettingUpdate(context, read, this.getLogger(), this.getID());
    }

    /** Called in every instance's runtime: the hot path's cached copy goes. */
    public async onSettingUpdated(setting: ISetting): Promise<void> {
        forgetSetting(setting.id);
        if (setting.id === SettingId.RelaySource || setting.id === SettingId.SharedSecret) {
            this.getLogger().info(
                'endpoint settings changed: the endpoints are published or withdrawn when the app is next enabled (disable and enable it)',
            );
        }
    }

    public async onUninstall(
        _context: IAppUninstallationContext,
        read: IRead,
        _http: IHttp,
        persistence: IPersistence,
        modify: IModify,
    ): Promise<void> {
        await this.handle('onUninstall', read, persistence, modify, closeAllOnUninstall);
    }

    protected async extendConfiguration(configuration: IConfigurationExtend, environmentRead: IEnvironmentRead): Promise<void> {
        await Promise.all(SETTINGS.map((setting) => configuration.settings.provideSetting(setting)));
        // The engine runs this on every enable, not on a setting change: the endpoints exist only when an
        // admin uses them (relay source "webhooks" or a shared secret set), so an installation relaying app
        // events offers no public surface at all (a `__proto__` body there can stall the runtime).
        if (await endpointsWanted(environmentRead)) {
            await configuration.api.provideApi({
                // Public so webhooks can reach it; every call is checked against the shared secret instead.
                visibility: ApiVisibility.PUBLIC,
                security: ApiSecurity.UNSECURE,
                endpoints: [new IncomingEndpoint(this), new OutgoingEndpoint(this)],
            });
        }
        await configuration.scheduler.registerProcessors(processors(this));
        // Last: after a disable/enable the engine still holds the command and this call throws "already exists".
        await configuration.slashCommands.provideSlashCommand(new ShiftLinkCommand(this));
    }

    /** The edge of every event: failures are logged with the event name, never thrown back into the server. */
    private async handle(
        event: string,
        read: IRead,
        persistence: IPersistence,
        modify: IModify | undefined,
        run: (ctx: CallContext) => Promise<void>,
    ): Promise<void> {
        // Livechat events declare `modify` optional; without it ShiftLink cannot act.
        if (!modify) {
            this.getLogger().error(`${event} arrived without a modify accessor; ignored`);
            return;
        }
        try {
            await run({ read, modify, persistence, logger: this.getLogger() });
        } catch (error) {
            this.getLogger().error(`${event} failed: ${errorText(error)}`);
        }
    }
}
