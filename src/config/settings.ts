import { ISetting, SettingType } from '@rocket.chat/apps-engine/definition/settings';

export enum SettingId {
    Department = 'shiftlink_department',
    IdleTimeoutMinutes = 'shiftlink_idle_timeout_minutes',
    WarningMinutes = 'shiftlink_warning_minutes',
    CloseComment = 'shiftlink_close_comment',
    CloseNotice = 'shiftlink_close_notice',
    WarningText = 'shiftlink_warning_text',
    NoManagerText = 'shiftlink_no_manager_text',
    SharedSecret = 'shiftlink_shared_secret',
    AllowedRole = 'shiftlink_allowed_role',
    RelaySource = 'shiftlink_relay_source',
}

/** Section headings of the settings panel (i18n keys; the panel shows them translated). */
export enum SettingSection {
    Routing = 'setting_section_routing',
    IdleClose = 'setting_section_idle_close',
    Texts = 'setting_section_texts',
    Webhooks = 'setting_section_webhooks',
}

export enum RelaySource {
    Events = 'events',
    Webhooks = 'webhooks',
}

export const IDLE_TIMEOUT_LIMITS = { min: 1, max: 1440, default: 5 };
export const WARNING_DEFAULT_MINUTES = 1;

// Text settings left empty fall back to the translated default in the reader's language; the panel shows
// that default as the placeholder.
export const SETTINGS: Array<ISetting> = [
    {
        id: SettingId.Department,
        section: SettingSection.Routing,
        type: SettingType.STRING,
        packageValue: '',
        required: true,
        public: false,
        i18nLabel: 'setting_department_label',
        i18nDescription: 'setting_department_description',
    },
    {
        id: SettingId.IdleTimeoutMinutes,
        section: SettingSection.IdleClose,
        type: SettingType.NUMBER,
        packageValue: IDLE_TIMEOUT_LIMITS.default,
        required: true,
        public: false,
        i18nLabel: 'setting_idle_timeout_label',
        i18nDescription: 'setting_idle_timeout_description',
    },
    {
        id: SettingId.WarningMinutes,
        section: SettingSection.IdleClose,
        type: SettingType.NUMBER,
        packageValue: WARNING_DEFAULT_MINUTES,
        required: false,
        public: false,
        i18nLabel: 'setting_warning_minutes_label',
        i18nDescription: 'setting_warning_minutes_description',
    },
    {
        id: SettingId.CloseComment,
        section: SettingSection.Texts,
        i18nPlaceholder: 'setting_close_comment_placeholder',
        type: SettingType.STRING,
        packageValue: '',
        required: false,
        public: false,
        i18nLabel: 'setting_close_comment_label',
        i18nDescription: 'setting_close_comment_description',
    },
    {
        id: SettingId.CloseNotice,
        section: SettingSection.Texts,
        i18nPlaceholder: 'setting_close_notice_placeholder',
        type: SettingType.STRING,
        multiline: true,
        packageValue: '',
        required: false,
        public: false,
        i18nLabel: 'setting_close_notice_label',
        i18nDescription: 'setting_close_notice_description',
    },
    {
        id: SettingId.WarningText,
        section: SettingSection.Texts,
        i18nPlaceholder: 'setting_warning_text_placeholder',
        type: SettingType.STRING,
        multiline: true,
        packageValue: '',
        required: false,
        public: false,
        i18nLabel: 'setting_warning_text_label',
        i18nDescription: 'setting_warning_text_description',
    },
    {
        id: SettingId.NoManagerText,
        section: SettingSection.Texts,
        i18nPlaceholder: 'setting_no_manager_text_placeholder',
        type: SettingType.STRING,
        multiline: true,
        packageValue: '',
        required: false,
        public: false,
        i18nLabel: 'setting_no_manager_text_label',
        i18nDescription: 'setting_no_manager_text_description',
    },
    {
        id: SettingId.SharedSecret,
        section: SettingSection.Webhooks,
        type: SettingType.PASSWORD,
        packageValue: '',
        required: false,
        public: false,
        i18nLabel: 'setting_shared_secret_label',
        i18nDescription: 'setting_shared_secret_description',
    },
    {
        id: SettingId.AllowedRole,
        section: SettingSection.Routing,
        type: SettingType.STRING,
        packageValue: '',
        required: false,
        public: false,
        i18nLabel: 'setting_allowed_role_label',
        i18nDescription: 'setting_allowed_role_description',
    },
    {
        id: SettingId.RelaySource,
        section: SettingSection.Webhooks,
        type: SettingType.SELECT,
        packageValue: RelaySource.Events,
        required: true,
        public: false,
        values: [
            { key: RelaySource.Events, i18nLabel: 'setting_relay_source_events' },
            { key: RelaySource.Webhooks, i18nLabel: 'setting_relay_source_webhooks' },
        ],
        i18nLabel: 'setting_relay_source_label',
        i18nDescription: 'setting_relay_source_description',
    },
];
