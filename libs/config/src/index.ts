export { DEFAULT_CALENDAR_FILE, loadAcademicCalendar } from './academic-calendar-file';
export { ConfigError } from './config-error';
export { CONFIG_FILE_NAME, loadSettings, type LoadSettingsOptions } from './load-settings';
export { SettingsSchema, settingEnvNames, SSO_ROLES, type SettingName, type Settings } from './settings';
export { programVersion } from './program-version';
export { AWS_CLIENT_MAX_ATTEMPTS, awsClientConfig, type AwsClientConfig } from './aws-client-config';
