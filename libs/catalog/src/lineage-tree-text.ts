import type { LineageNode } from './lineage';

/**
 * A lineage tree as text with box-drawing characters, the root first:
 *
 *     curated.attendance_weekly
 *     └── trusted.attendance
 *         └── raw.attendance
 */
export function renderLineageTree(root: LineageNode, options: { mark?: (node: LineageNode) => string } = {}): string {
  const mark = options.mark ?? defaultMark;
  const lines = [`${root.name}${mark(root)}`];
  const walk = (node: LineageNode, prefix: string) => {
    node.children.forEach((child, index) => {
      const last = index === node.children.length - 1;
      lines.push(`${prefix}${last ? '└── ' : '├── '}${child.name}${mark(child)}`);
      walk(child, `${prefix}${last ? '    ' : '│   '}`);
    });
  };
  walk(root, '');
  return lines.join('\n');
}

function defaultMark(node: LineageNode): string {
  if (node.cycle) return ' (cycle)';
  // Landing files are sources, not catalogued datasets; anything else unknown is worth flagging.
  return node.known || node.name.startsWith('landing:') ? '' : ' (not catalogued)';
}
