import fc from 'fast-check';
import { auditCube } from './audit-cube';
import { protectCube } from './complementary-suppression';
import { Hierarchy } from './hierarchy';
import { ReleaseCube } from './release-cube';

const T = 5;

function table(rows: number[][]): ReleaseCube {
  const cube = new ReleaseCube([
    Hierarchy.flat(
      'row',
      rows.map((_, i) => `r${i}`),
    ),
    Hierarchy.flat(
      'column',
      rows[0].map((_, j) => `c${j}`),
    ),
  ]);
  rows.forEach((row, i) => row.forEach((n, j) => cube.addAtom([i + 1, j + 1], n)));
  cube.publish(cube.axes.map((a) => a.positions()));
  return cube;
}

const unprotected = (cube: ReleaseCube) => auditCube(cube).filter((c) => c.max - c.min <= T);

describe('protectCube', () => {
  it('suppresses a small cell and a partner in its row, column and the opposite corner, keeping every total', () => {
    const cube = table([
      [20, 3, 15],
      [30, 12, 25],
      [18, 22, 40],
    ]);
    const result = protectCube(cube, { threshold: T });
    expect(result.primary).toBe(1);
    expect(result.secondary).toBe(3);
    expect(unprotected(cube)).toEqual([]);
    for (const total of [
      [0, 0],
      [0, 1],
      [1, 0],
      [2, 0],
    ])
      expect(cube.isShown(cube.index(total))).toBe(true);
  });

  it('hides a total of 5 split 2 + 3: neither part could be protected under it otherwise', () => {
    const cube = table([
      [2, 3],
      [0, 40],
    ]);
    protectCube(cube, { threshold: T });
    expect(cube.isSuppressed(cube.index([1, 0]))).toBe(true);
    expect(unprotected(cube)).toEqual([]);
    expect(cube.isShown(cube.index([0, 0]))).toBe(true);
  });

  it('never suppresses a zero, so a suppressed cell is known to count someone', () => {
    const cube = table([
      [1, 0, 9],
      [0, 7, 8],
    ]);
    protectCube(cube, { threshold: T });
    for (let cell = 0; cell < cube.size; cell++) if (cube.isSuppressed(cell)) expect(cube.values[cell]).toBeGreaterThan(0);
    expect(unprotected(cube)).toEqual([]);
  });

  it('protects linked tables of a hierarchy (department → course) and a bound given away by a side value', () => {
    const unit = Hierarchy.tree('unit', [
      ['Physics', 'PHYS101'],
      ['Physics', 'PHYS102'],
      ['History', 'HIST100'],
    ]);
    const status = Hierarchy.tree('status', [['attended', 'present'], ['attended', 'late'], ['absent']]);
    const cube = new ReleaseCube([status, unit]);
    const counts: Array<[string[], string[], number]> = [
      [['attended', 'present'], ['Physics', 'PHYS101'], 30],
      [['attended', 'late'], ['Physics', 'PHYS101'], 2],
      [['absent'], ['Physics', 'PHYS101'], 8],
      [['attended', 'present'], ['Physics', 'PHYS102'], 25],
      [['attended', 'late'], ['Physics', 'PHYS102'], 6],
      [['absent'], ['Physics', 'PHYS102'], 9],
      [['attended', 'present'], ['History', 'HIST100'], 44],
      [['attended', 'late'], ['History', 'HIST100'], 7],
      [['absent'], ['History', 'HIST100'], 3],
    ];
    for (const [s, u, n] of counts) cube.addAtom([status.at(s), unit.at(u)], n);
    // Course rows with every status, departments and the whole with the totals only.
    cube.publish([status.leaves(), [unit.at(['Physics', 'PHYS101']), unit.at(['Physics', 'PHYS102']), unit.at(['History', 'HIST100'])]]);
    cube.publish([[0, status.at(['attended'])], unit.positions()]);
    // A course's records are known exactly while its (side) student count is published.
    cube.bound(cube.index([0, unit.at(['History', 'HIST100'])]), 54, 54, 'students@HIST100');
    const result = protectCube(cube, { threshold: T });
    expect(unprotected(cube)).toEqual([]);
    expect(cube.isShown(cube.index([0, 0]))).toBe(true);
    expect(result.primary).toBe(2);
  });

  it('protects a small cell spread thinly over an axis nobody publishes by sharing the move out over it, keeping every total', () => {
    // row × column is published with its margins, the third axis (say, gender) nowhere: the cell of 3
    // is 1 + 1 + 1 over it, so no single one of its finest cells has room to move by more than the threshold.
    const axes = [Hierarchy.flat('row', ['r0', 'r1']), Hierarchy.flat('column', ['c0', 'c1']), Hierarchy.flat('gender', ['f', 'm', 'x'])];
    const cube = new ReleaseCube(axes);
    const counts = [
      [1, 1, 1],
      [3, 3, 3],
      [3, 3, 3],
      [3, 3, 3],
    ];
    counts.forEach((byGender, rc) => byGender.forEach((n, g) => cube.addAtom([(rc >> 1) + 1, (rc & 1) + 1, g + 1], n)));
    cube.publish([axes[0].positions(), axes[1].positions(), [0]]);
    const result = protectCube(cube, { threshold: T });
    expect(result).toMatchObject({ primary: 1, secondary: 3, fallbacks: 0 });
    expect(unprotected(cube)).toEqual([]);
    for (const total of [
      [0, 0, 0],
      [1, 0, 0],
      [2, 0, 0],
      [0, 1, 0],
      [0, 2, 0],
    ])
      expect(cube.isShown(cube.index(total))).toBe(true);
  });

  it('goes round kept cells (a headline total) when another partner will do', () => {
    const rows = [
      [3, 40, 50],
      [40, 50, 60],
    ];
    const plain = table(rows);
    protectCube(plain, { threshold: T });
    // The cheapest partner column is c1 (40 beside the 3, 50 below it)…
    expect(plain.isSuppressed(plain.index([1, 2]))).toBe(true);
    const kept = table(rows);
    kept.keep([[0, 1, 2], [2]]);
    protectCube(kept, { threshold: T });
    // …kept, the protection takes column c2 instead.
    expect(unprotected(kept)).toEqual([]);
    for (const c of kept.kept) expect(kept.isShown(c)).toBe(true);
    expect(kept.isSuppressed(kept.index([1, 3]))).toBe(true);
  });

  it('publishes totals of a sparse table that the hypercube method hides, every suppressed cell still protected (the linear programme)', () => {
    // term × programme with its margins and gender by term (as the admissions release does), the
    // finest cells mostly 0–3 people: a hypercube witness moves the same amount in each of its
    // corners, so where no corner has room it hides the totals above them instead.
    const counts = [
      [
        [1, 3],
        [2, 8],
        [0, 4],
      ],
      [
        [0, 3],
        [1, 0],
        [3, 7],
      ],
      [
        [0, 2],
        [0, 3],
        [3, 0],
      ],
    ];
    const build = () => {
      const axes = [
        Hierarchy.flat('term', ['t0', 't1', 't2']),
        Hierarchy.flat('programme', ['p0', 'p1', 'p2']),
        Hierarchy.flat('gender', ['f', 'm']),
      ];
      const cube = new ReleaseCube(axes);
      counts.forEach((byProgramme, t) =>
        byProgramme.forEach((byGender, p) => byGender.forEach((n, g) => cube.addAtom([t + 1, p + 1, g + 1], n))),
      );
      cube.publish([axes[0].positions(), axes[1].positions(), [0]]);
      cube.publish([axes[0].positions(), [0], axes[2].leaves()]);
      return cube;
    };
    const suppressed = (cube: ReleaseCube) => [...cube.state.keys()].filter((c) => cube.isSuppressed(c)).map((c) => cube.label(c));
    const hypercube = build();
    expect(protectCube(hypercube, { threshold: T, method: 'hypercube' })).toMatchObject({ linear: 0, hypercube: 10 });
    const linear = build();
    expect(protectCube(linear, { threshold: T })).toMatchObject({ primary: 10, hypercube: 0, fallbacks: 0 });
    expect(unprotected(hypercube)).toEqual([]);
    expect(unprotected(linear)).toEqual([]);
    // Applications by gender over every term: hidden by the hypercube method, published by the programme.
    const byGender = ['term=* programme=* gender=f', 'term=* programme=* gender=m'];
    expect(suppressed(hypercube)).toEqual(expect.arrayContaining(byGender));
    expect(linear.isShown(linear.index([0, 0, 1]))).toBe(true);
    expect(linear.isShown(linear.index([0, 0, 2]))).toBe(true);
    // It hides nothing the hypercube method published.
    expect(suppressed(hypercube)).toEqual(expect.arrayContaining(suppressed(linear)));
    expect(suppressed(linear).length).toBeLessThan(suppressed(hypercube).length);
  });

  it('leaves every suppressed cell of random linked tables with a feasible interval wider than the threshold', () => {
    const sizes = fc.tuple(fc.integer({ min: 2, max: 4 }), fc.integer({ min: 2, max: 4 }), fc.integer({ min: 1, max: 3 }));
    const cubes = sizes.chain(([a, b, c]) =>
      fc.record({
        shape: fc.constant([a, b, c] as const),
        counts: fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 5, max: 30 })), {
          minLength: a * b * c,
          maxLength: a * b * c,
        }),
        // Which margins are released: each of the 2³ grains on or off (the finest always on).
        grains: fc.array(fc.boolean(), { minLength: 7, maxLength: 7 }),
      }),
    );
    fc.assert(
      fc.property(cubes, ({ shape, counts, grains }) => {
        const [a, b, c] = shape;
        const axes = [
          Hierarchy.flat('x', ['x0', 'x1', 'x2', 'x3'].slice(0, a)),
          Hierarchy.tree(
            'y',
            Array.from({ length: b }, (_, j) => [`g${j % 2}`, `y${j}`]),
          ),
          Hierarchy.flat('z', ['z0', 'z1', 'z2'].slice(0, c)),
        ];
        const cube = new ReleaseCube(axes);
        counts.forEach((n, i) => cube.addAtom([(i % a) + 1, axes[1].leaves()[Math.floor(i / a) % b], Math.floor(i / (a * b)) + 1], n));
        cube.publish(axes.map((axis) => axis.leaves()));
        grains.forEach((on, g) => {
          if (on) cube.publish(axes.map((axis, k) => ((g >> k) & 1 ? axis.positions().filter((p) => !axis.isLeaf(p)) : axis.leaves())));
        });
        cube.knownNonEmpty(axes.map((axis) => axis.leaves()));
        protectCube(cube, { threshold: T });
        for (const interval of auditCube(cube))
          expect({ ...interval, wide: interval.max - interval.min > T }).toMatchObject({ wide: true });
      }),
      { numRuns: 15 },
    );
  });
});
