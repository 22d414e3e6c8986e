import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error';
import { SettingsSchema, settingEnvNames, type SettingName, type Settings } from './settings';

export interface LoadSettingsOptions {
  /** Environment to read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
  /** Folder that holds `acad.config.json`; defaults to the current directory. */
  cwd?: string;
}

export const CONFIG_FILE_NAME = 'acad.config.json';

/**
 * Reads settings from `acad.config.json` (keys are setting names) and then the environment
 * (which wins), and validates them. Throws `ConfigError` naming the first bad setting.
 */
export function loadSettings(options: LoadSettingsOptions = {}): Settings {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const configPath = resolve(cwd, CONFIG_FILE_NAME);
  const fromFile = readConfigFile(configPath);
  const sources: Record<string, string> = {};
  const raw: Record<string, unknown> = {};

  for (const [name, value] of Object.entries(fromFile)) {
    if (!(name in settingEnvNames)) {
      throw new ConfigError(name, configPath, `unknown setting; known settings are ${Object.keys(settingEnvNames).join(', ')}`);
    }
    raw[name] = value;
    sources[name] = configPath;
  }
  for (const [name, envName] of Object.entries(settingEnvNames)) {
    const value = env[envName];
    if (value !== undefined && value !== '') {
      raw[name] = value;
      sources[name] = `environment variable ${envName}`;
    }
  }

  const parsed = SettingsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue.path[0] ?? 'settings') as SettingName;
    const envName = settingEnvNames[name] ?? name;
    throw new ConfigError(envName, sources[name] ?? 'defaults', issue.message);
  }
  const { calendar } = parsed.data;
  return { ...parsed.data, home: resolve(cwd, parsed.data.home), ...(calendar ? { calendar: resolve(cwd, calendar) } : {}) };
}

function readConfigFile(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ConfigError(CONFIG_FILE_NAME, path, `not valid JSON (${(error as Error).message})`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new ConfigError(CONFIG_FILE_NAME, path, 'must hold one JSON object of settings');
  }
  return parsed as Record<string, unknown>;
}
