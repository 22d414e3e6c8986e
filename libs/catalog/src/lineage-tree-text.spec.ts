import type { LineageNode } from './lineage';
import { renderLineageTree } from './lineage-tree-text';

const leaf = (name: string, extra: Partial<LineageNode> = {}): LineageNode => ({ name, known: true, children: [], ...extra });

describe('renderLineageTree', () => {
  it('draws branches with box-drawing characters and marks cycles and uncatalogued names', () => {
    const root: LineageNode = {
      name: 'raw.attendance',
      known: true,
      children: [
        { name: 'trusted.attendance', known: true, children: [leaf('curated.attendance_weekly'), leaf('raw.attendance', { cycle: true })] },
        leaf('trusted.mystery', { known: false }),
        leaf('landing:attendance/a.csv', { known: false }),
      ],
    };
    expect(renderLineageTree(root)).toBe(
      [
        'raw.attendance',
        '├── trusted.attendance',
        '│   ├── curated.attendance_weekly',
        '│   └── raw.attendance (cycle)',
        '├── trusted.mystery (not catalogued)',
        '└── landing:attendance/a.csv',
      ].join('\n'),
    );
  });

  it('prints a lone root', () => {
    expect(renderLineageTree(leaf('curated.admissions_funnel'))).toBe('curated.admissions_funnel');
  });
});
