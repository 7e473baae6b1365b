import { ILogger, IModify, IPersistence, IRead } from '@rocket.chat/apps-engine/definition/accessors';

/** The accessors one hook, job, command or endpoint call was given; passed down instead of six arguments. */
export interface CallContext {
    read: IRead;
    modify: IModify;
    persistence: IPersistence;
    logger: ILogger;
}
