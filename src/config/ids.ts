// Ids that are stored (jobs, records) or published (endpoints, command): never rename them.
export enum ProcessorId {
    IdleCheck = 'shiftlink_idle_check',
    Reconcile = 'shiftlink_reconcile',
}

export enum EndpointPath {
    Incoming = 'incoming',
    Outgoing = 'outgoing',
}

export const SLASH_COMMAND = 'shiftlink';

/** Room custom field ShiftLink sets on the rooms it opens (rooms the server opens on its own lack it). */
export const ROOM_REP_FIELD = 'shiftlinkRepId';
