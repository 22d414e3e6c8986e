import { readFileSync, readdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

// How the projects resolve imports (tsconfig.base.json): `@acad/*` through the `@acad/source` export condition.
const RESOLUTION: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  customConditions: ['@acad/source'],
};

/** The workspace modules `file` imports (npm packages left out: the generators write none). */
function importsOf(file: string): string[] {
  return ts
    .preProcessFile(readFileSync(file, 'utf8'), true, true)
    .importedFiles.map(({ fileName }) => ts.resolveModuleName(fileName, file, RESOLUTION, ts.sys).resolvedModule?.resolvedFileName)
    .filter((resolved): resolved is string => resolved !== undefined && !resolved.includes('/node_modules/'))
    .map((resolved) => realpathSync(resolved));
}

/**
 * The spec files under `folders` (relative to `root`) whose run can differ once `written` (relative to `root`)
 * changed: those that import a written file, directly or through other modules of the workspace, and those
 * whose modules list a folder (they could pick up a written file that none of them imports). A spec that does
 * neither runs the same code on the same files as in the repository, whose own test targets run it.
 */
export function specsReaching(root: string, folders: string[], written: string[]): string[] {
  const changed = new Set(written.map((path) => join(realpathSync(root), path)));
  const reaches = (spec: string): boolean => {
    const seen = new Set<string>();
    const pending = [realpathSync(spec)];
    for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
      if (seen.has(file)) continue;
      seen.add(file);
      if (changed.has(file) || readFileSync(file, 'utf8').includes('readdir')) return true;
      pending.push(...importsOf(file));
    }
    return false;
  };
  return folders
    .flatMap((folder) =>
      (readdirSync(join(root, folder), { recursive: true }) as string[])
        .filter((f) => f.endsWith('.spec.ts') && !f.endsWith('.int.spec.ts') && !f.includes('node_modules'))
        .map((f) => join(folder, f)),
    )
    .filter((spec) => reaches(join(root, spec)));
}
