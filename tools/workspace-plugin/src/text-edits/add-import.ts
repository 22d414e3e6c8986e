/** Adds `statement` after the last top-level import (or at the top); a no-op when it is already there. */
export function addImport(source: string, statement: string): string {
  if (source.split('\n').some((line) => line.trim() === statement.trim())) return source;
  const lines = source.split('\n');
  let last = -1;
  let inImport = false;
  lines.forEach((line, i) => {
    if (/^import\s/.test(line)) inImport = true;
    // A multi-line import ends at the line naming its module.
    if (inImport && /from\s+['"][^'"]+['"];?\s*$|^import\s+['"][^'"]+['"];?\s*$/.test(line)) {
      last = i;
      inImport = false;
    }
  });
  lines.splice(last + 1, 0, statement);
  return lines.join('\n');
}

/** Adds `line` before the first line containing `before` (at the end when absent); a no-op when present. */
export function addLine(source: string, line: string, before?: string): string {
  const lines = source.split('\n');
  if (lines.some((l) => l.trim() === line.trim())) return source;
  const at = before === undefined ? -1 : lines.findIndex((l) => l.includes(before));
  if (at >= 0) lines.splice(at, 0, line);
  else if (lines[lines.length - 1] === '') lines.splice(lines.length - 1, 0, line);
  else lines.push(line);
  return lines.join('\n');
}
