// The integration host: a modelled Rocket.Chat server (ServerModel) running the real Apps-Engine.
export { Engine } from './Engine';
export type { EndpointRequest, EndpointResponse, EngineStartOptions, LivechatCloser, MessageContent } from './Engine';
export { httpSettings, parseQueryString } from './httpLayer';
export type { HttpOptions, HttpSettings } from './httpLayer';
export { ServerModel } from './model/ServerModel';
export type { BridgeCategory } from './model/counters';
export type { Job } from './model/scheduler';
export type { Notification } from './model/notifications';
export type { LogLine } from './model/logs';
export type { HostEvent } from './model/events';
export { startSecondInstance } from './remote/SecondInstance';
export type { SecondInstance } from './remote/SecondInstance';
export { AppsRestApi } from './appsRestApi';
export { copyAppFolder, fixtureDir, packageApp, runCli } from './packageApp';
export { waitFor } from './waitFor';
export type { ForwardTarget } from './LivechatRouting';
export type { InteractionResponse } from './uiInteraction';
export type { RoutingMethod, RoutingSettings } from './model/routing';
