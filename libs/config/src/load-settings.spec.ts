import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, loadSettings } from './index';

const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'acad-config-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('loadSettings', () => {
  it('gives the embedded defaults with an empty environment', () => {
    const cwd = tempDir();
    const settings = loadSettings({ env: {}, cwd });
    expect(settings).toMatchObject({ storage: 'local', engine: 'duckdb', kms: 'local', catalog: 'local', metrics: 'local', port: 3000 });
    expect(settings.home).toBe(join(cwd, '.acad'));
  });

  it('reads acad.config.json and lets the environment win', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'acad.config.json'), JSON.stringify({ port: 4000, storage: 's3', home: 'data' }));
    const settings = loadSettings({ env: { PORT: '5000' }, cwd });
    expect(settings.port).toBe(5000);
    expect(settings.storage).toBe('s3');
    expect(settings.home).toBe(join(cwd, 'data'));
  });

  it('binds the publishing server to loopback unless ACAD_BIND_ADDRESS says otherwise', () => {
    expect(loadSettings({ env: {}, cwd: tempDir() }).bindAddress).toBe('127.0.0.1');
    expect(loadSettings({ env: { ACAD_BIND_ADDRESS: '0.0.0.0' }, cwd: tempDir() }).bindAddress).toBe('0.0.0.0');
    expect(loadSettings({ env: { ACAD_BIND_ADDRESS: '::' }, cwd: tempDir() }).bindAddress).toBe('::');
    expect(() => loadSettings({ env: { ACAD_BIND_ADDRESS: 'everywhere' }, cwd: tempDir() })).toThrow(
      /Invalid setting ACAD_BIND_ADDRESS \(from environment variable ACAD_BIND_ADDRESS\): an IPv4 or IPv6 address/,
    );
  });

  it('names the environment variable of a bad setting', () => {
    expect(() => loadSettings({ env: { ACAD_STORAGE: 'ftp' }, cwd: tempDir() })).toThrow(
      /Invalid setting ACAD_STORAGE \(from environment variable ACAD_STORAGE\)/,
    );
  });

  it('names the config file and the setting when the file is wrong', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'acad.config.json'), JSON.stringify({ port: 'many' }));
    let error: unknown;
    try {
      loadSettings({ env: {}, cwd });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).setting).toBe('PORT');
    expect((error as ConfigError).message).toContain('acad.config.json');
    expect((error as ConfigError).exitCode).toBe(2);
  });

  it('refuses unknown keys and malformed JSON in the config file', () => {
    const cwd = tempDir();
    writeFileSync(join(cwd, 'acad.config.json'), JSON.stringify({ prot: 1 }));
    expect(() => loadSettings({ env: {}, cwd })).toThrow(/Invalid setting prot .*unknown setting/);
    writeFileSync(join(cwd, 'acad.config.json'), '{ nope');
    expect(() => loadSettings({ env: {}, cwd })).toThrow(/acad.config.json.*not valid JSON/);
  });

  it('requires a key id when KMS is aws', () => {
    expect(() => loadSettings({ env: { ACAD_KMS: 'aws' }, cwd: tempDir() })).toThrow(/ACAD_KMS_KEY_ID.*required when ACAD_KMS=aws/);
  });

  it('refuses ACAD_ENGINE=athena over local zones or local keys', () => {
    expect(() => loadSettings({ env: { ACAD_ENGINE: 'athena' }, cwd: tempDir() })).toThrow(
      /ACAD_ENGINE.*athena needs ACAD_STORAGE=s3 and ACAD_KMS=aws/,
    );
    const aws = { ACAD_ENGINE: 'athena', ACAD_STORAGE: 's3', ACAD_KMS: 'aws', ACAD_KMS_KEY_ID: 'alias/acad-data' };
    expect(loadSettings({ env: aws, cwd: tempDir() }).engine).toBe('athena');
  });

  it('reads single sign-on settings: groups claim by default, a group → role map, and what an issuer needs', () => {
    const cwd = tempDir();
    expect(loadSettings({ env: {}, cwd })).toMatchObject({ oidcGroupsClaim: 'groups', oidcRoleMap: {}, sessionHours: 8 });
    const sso = loadSettings({
      env: {
        ACAD_OIDC_ISSUER: 'https://login.example.edu/realms/staff',
        ACAD_OIDC_CLIENT_ID: 'acad',
        ACAD_OIDC_REDIRECT_URL: 'https://data.example.edu/auth/callback',
        ACAD_OIDC_ROLE_MAP: 'registry-staff=registrar, data team=analyst ,deans=viewer',
      },
      cwd,
    });
    expect(sso.oidcRoleMap).toEqual({ 'registry-staff': 'registrar', 'data team': 'analyst', deans: 'viewer' });
    expect(loadSettings({ env: { ACAD_OIDC_ROLE_MAP: JSON.stringify(sso.oidcRoleMap) }, cwd }).oidcRoleMap).toEqual(sso.oidcRoleMap);
    expect(() => loadSettings({ env: { ACAD_OIDC_ROLE_MAP: 'ops=admin' }, cwd })).toThrow(
      /ACAD_OIDC_ROLE_MAP.*roles are registrar, analyst, viewer/,
    );
    expect(() => loadSettings({ env: { ACAD_OIDC_ISSUER: 'https://login.example.edu' }, cwd })).toThrow(
      /ACAD_OIDC_CLIENT_ID.*required when ACAD_OIDC_ISSUER is set/,
    );
    expect(() => loadSettings({ env: { ACAD_SESSION_SECRET: 'short' }, cwd })).toThrow(/ACAD_SESSION_SECRET.*at least 32/);
  });
});
