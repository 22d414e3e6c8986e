import { readJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { syncProjectReferences } from '../sync-project-references';
import { renderToolConfig, renderToolSource } from './render-tool-files';
import { toolNames } from './tool-names';

export interface ToolGeneratorOptions {
  name: string;
  /** Skip `nx sync` afterwards (tests on a virtual tree). */
  skipSync?: boolean;
}

export class ToolExists extends Error {
  readonly code = 'TOOL_EXISTS';
  constructor(readonly path: string) {
    super(`${path} already exists; pick another name.`);
    this.name = 'ToolExists';
  }
}

/**
 * `nx g @acad/workspace-plugin:tool <name>`: an app under apps/<name> tagged `type:app` and `scope:<name>`,
 * importing @acad/config, @acad/schemas and @acad/zones, with a spec. `nx sync` then adds its project references.
 */
export function toolGenerator(tree: Tree, options: ToolGeneratorOptions): GeneratorCallback {
  const n = toolNames(options.name);
  const root = `apps/${n.name}`;
  if (tree.exists(root)) throw new ToolExists(root);
  const rootPackage = readJson<{ dependencies?: Record<string, string>; devDependencies?: Record<string, string> }>(tree, 'package.json');
  const tslib = rootPackage.dependencies?.['tslib'] ?? rootPackage.devDependencies?.['tslib'] ?? '^2.3.0';
  for (const [path, content] of Object.entries({ ...renderToolConfig(n, tslib), ...renderToolSource(n) }))
    tree.write(`${root}/${path}`, content);
  return () => {
    if (!options.skipSync) syncProjectReferences(tree.root);
  };
}
