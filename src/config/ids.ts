// Ids that are stored (jobs, records, room fields) or published (endpoints, command): never rename them.
export enum ProcessorId {
    IdleCheck = 'shiftlink_idle_check',
    Reconcile = 'shiftlink_reconcile',
    /** The one app-wide safety sweep: re-arms itself. */
    Sweep = 'shiftlink_sweep',
}

export enum EndpointPath {
    Incoming = 'incoming',
    Outgoing = 'outgoing',
}

export const SLASH_COMMAND = 'shiftlink';

/**
 * Room custom fields ShiftLink sets on the rooms it opens: they mark the room as ShiftLink's and carry
 * what the manager → rep relay needs, so that relay reads nothing and works after the session ended.
 */
export const ROOM_FIELDS = {
    repId: 'shiftlinkRepId',
    dmRoomId: 'shiftlinkDmRoomId',
    language: 'shiftlinkLanguage',
} as const;
