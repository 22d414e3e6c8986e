import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';

/**
 * CodeMirror 6 for the SQL page, served from the installed packages as they are (as ECharts is).
 *
 * Its ES modules import bare names (`@codemirror/state`, `style-mod`, …), which the browser resolves
 * through an import map. The map is built at start-up from each package's own package.json (the
 * `import` condition of `exports`, else `module`), walking `dependencies` from the packages the page
 * imports. Each package's entry file gets a route of its own at a fixed URL, read once: nothing else
 * under node_modules can be asked for, so no path from a request ever reaches the file system.
 *
 * Chosen over a bundle (a bundler step the build and the Docker image would need) and over rewriting
 * the import specifiers inside the served files (editing JavaScript with patterns). The page's script
 * (`/assets/sql.js`) is a module that imports these names too.
 */
// What the page imports by name; the packages it also names (view, state, lint) come with codemirror.
export const EDITOR_PACKAGES = ['codemirror', '@codemirror/lang-sql'];

const URL_PREFIX = '/assets/esm/';
const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/;

interface PackageJson {
  name: string;
  version: string;
  module?: string;
  exports?: unknown;
  dependencies?: Record<string, string>;
}

export interface EditorModule {
  name: string;
  url: string;
  file: string;
}

export interface EditorModules {
  modules: EditorModule[];
  /** The `<script type="importmap">` text, exactly as the page sends it. */
  importMap: string;
  /** Its CSP source (`'sha256-…'`): an import map is inline, and the policy allows no other inline script. */
  importMapHash: string;
}

/** The ES module entry a package declares: `exports["."].import`, `exports.import`, else `module`. */
export function moduleEntry(pkg: PackageJson): string | undefined {
  const exports = pkg.exports as Record<string, unknown> | string | undefined;
  const main = typeof exports === 'object' && exports !== null && '.' in exports ? exports['.'] : exports;
  if (typeof main === 'object' && main !== null) {
    const conditions = main as Record<string, unknown>;
    const entry = conditions['import'] ?? conditions['browser'] ?? conditions['default'];
    if (typeof entry === 'string') return entry;
  }
  return pkg.module;
}

/** The packages `roots` need, resolved in `nodeModules`, with their entry files and URLs. */
export function editorModules(nodeModules: string, roots: readonly string[] = EDITOR_PACKAGES): EditorModules {
  const found = new Map<string, EditorModule>();
  const visit = (name: string) => {
    if (found.has(name)) return;
    if (!PACKAGE_NAME.test(name)) throw new Error(`Not a package name: ${name}`);
    const dir = join(nodeModules, name);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as PackageJson;
    const entry = moduleEntry(pkg);
    if (!entry || !entry.endsWith('.js') || entry.split('/').includes('..')) throw new Error(`${name} declares no ES module entry`);
    const path = entry.replace(/^\.\//, '');
    found.set(name, { name, url: `${URL_PREFIX}${name}@${pkg.version}/${path}`, file: join(dir, path) });
    for (const dependency of Object.keys(pkg.dependencies ?? {})) visit(dependency);
  };
  for (const root of roots) visit(root);
  const modules = [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
  const importMap = JSON.stringify({ imports: Object.fromEntries(modules.map((m) => [m.name, m.url])) });
  const importMapHash = `'sha256-${createHash('sha256').update(importMap).digest('base64')}'`;
  return { modules, importMap, importMapHash };
}

/** One GET route per module file; the URL holds the version, so browsers may keep it for long. */
export function registerEditorModules(app: FastifyInstance, editor: EditorModules): void {
  for (const module of editor.modules) {
    const body = readFileSync(module.file);
    app.get(module.url, { schema: { hide: true } }, async (_request, reply) => {
      reply.header('cache-control', 'public, max-age=604800, immutable').type('text/javascript; charset=utf-8');
      return body;
    });
  }
}
