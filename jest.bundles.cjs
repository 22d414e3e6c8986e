// Shared test support: JavaScript bundles of the workspace's TypeScript entry points (esbuild, with
// the `@acad/source` condition), for suites that start a program many times. Through tsx, most of a
// short-lived process's CPU goes to loading TypeScript; a bundle runs the same sources.
// A project's Jest globalSetup calls setupBundles({ name: entry }); its tests start
// `$ACAD_TEST_BUNDLES/<name>/src/main.cjs` with NODE_PATH=$ACAD_TEST_BUNDLE_NODE_PATH (npm packages
// stay outside the bundles and load from the repository's node_modules). Each bundle sits in a copy
// of its project's layout, with the project's package.json one folder up, as a program reading its
// own version finds it. jest.bundles-teardown.cjs removes them when the run ends.
const { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { dirname, join } = require('node:path');
const { build } = require('esbuild');

/** The folder holding the package.json nearest above a file: its project's root. */
function projectRoot(file) {
  let folder = dirname(file);
  while (!existsSync(join(folder, 'package.json'))) {
    if (dirname(folder) === folder) throw new Error(`No package.json above ${file}`);
    folder = dirname(folder);
  }
  return folder;
}

/** Bundles each entry (name → absolute path of a .ts file) to `<dir>/<name>/src/main.cjs`. */
async function bundleEntries(entries, dir) {
  for (const [name, entry] of Object.entries(entries)) {
    mkdirSync(join(dir, name, 'src'), { recursive: true });
    copyFileSync(join(projectRoot(entry), 'package.json'), join(dir, name, 'package.json'));
  }
  await build({
    entryPoints: Object.fromEntries(Object.entries(entries).map(([name, entry]) => [`${name}/src/main`, entry])),
    outdir: dir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: `node${process.versions.node.split('.')[0]}`,
    conditions: ['@acad/source'],
    logLevel: 'error',
    plugins: [
      {
        name: 'npm-packages-external',
        setup(plugin) {
          plugin.onResolve({ filter: /^[^./]/ }, ({ path }) => (path.startsWith('@acad/') ? undefined : { path, external: true }));
        },
      },
    ],
  });
}

/** For a globalSetup: bundles the entries into a fresh folder and names it in the tests' environment. */
async function setupBundles(entries) {
  const dir = mkdtempSync(join(tmpdir(), 'acad-test-bundles-'));
  await bundleEntries(entries, dir);
  process.env.ACAD_TEST_BUNDLES = dir;
  process.env.ACAD_TEST_BUNDLE_NODE_PATH = join(__dirname, 'node_modules');
}

function removeBundles() {
  if (process.env.ACAD_TEST_BUNDLES) rmSync(process.env.ACAD_TEST_BUNDLES, { recursive: true, force: true });
}

module.exports = { bundleEntries, setupBundles, removeBundles };
