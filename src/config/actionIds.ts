// Button action ids live inside messages already sent (a click on an old warning still arrives with its
// id): never rename them.
export enum ActionId {
    KeepOpen = 'shiftlink_keep_open',
    End = 'shiftlink_end',
    EndConfirm = 'shiftlink_end_confirm',
    EndCancel = 'shiftlink_end_cancel',
    TryAgain = 'shiftlink_try_again',
}

const ALL = Object.keys(ActionId).map((name) => ActionId[name as keyof typeof ActionId] as string);

export function isActionId(value: unknown): value is ActionId {
    return typeof value === 'string' && ALL.indexOf(value) !== -1;
}
