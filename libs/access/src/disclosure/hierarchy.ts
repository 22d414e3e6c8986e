/** The label of an axis's root: the total over every value of the axis. */
export const TOTAL = '*';

/**
 * One dimension of a released table as a tree of positions: the root is the total, leaves are the
 * finest values, and every inner node is the sum of its children (a department over its courses,
 * "offers" over "accepted" and "offered, not accepted"). Position 0 is always the root.
 */
export class Hierarchy {
  readonly labels: string[] = [TOTAL];
  readonly parent: number[] = [-1];
  readonly children: number[][] = [[]];
  private readonly byKey = new Map<string, number>([['', 0]]);

  private constructor(readonly name: string) {}

  /** A total over a flat list of values: `[*, a, b, c]`. */
  static flat(name: string, values: readonly string[]): Hierarchy {
    return Hierarchy.tree(
      name,
      values.map((v) => [v]),
    );
  }

  /** A tree from root-to-leaf paths, e.g. `[['Physics', 'PHYS101', 'A'], …]`; shared prefixes share nodes. */
  static tree(name: string, paths: readonly (readonly string[])[]): Hierarchy {
    const axis = new Hierarchy(name);
    for (const path of paths) {
      let at = 0;
      for (let depth = 0; depth < path.length; depth++) at = axis.child(at, path.slice(0, depth + 1));
    }
    return axis;
  }

  private child(parent: number, path: readonly string[]): number {
    const key = JSON.stringify(path);
    const found = this.byKey.get(key);
    if (found !== undefined) return found;
    const id = this.labels.length;
    this.labels.push(path[path.length - 1]);
    this.parent.push(parent);
    this.children.push([]);
    this.children[parent].push(id);
    this.byKey.set(key, id);
    return id;
  }

  get size(): number {
    return this.labels.length;
  }

  /** The position of a root-to-node path (`[]` is the root); undefined when the tree has no such node. */
  find(path: readonly string[]): number | undefined {
    return path.length === 0 ? 0 : this.byKey.get(JSON.stringify(path));
  }

  /** Like `find`, but a missing node is a programming error. */
  at(path: readonly string[]): number {
    const found = this.find(path);
    if (found === undefined) throw new Error(`Axis "${this.name}" has no position ${JSON.stringify(path)}.`);
    return found;
  }

  isLeaf(position: number): boolean {
    return this.children[position].length === 0;
  }

  depth(position: number): number {
    let d = 0;
    for (let p = this.parent[position]; p !== -1; p = this.parent[p]) d++;
    return d;
  }

  /** The position and every ancestor up to the root, nearest first. */
  ancestors(position: number): number[] {
    const out: number[] = [];
    for (let p = position; p !== -1; p = this.parent[p]) out.push(p);
    return out;
  }

  isWithin(position: number, ancestor: number): boolean {
    for (let p = position; p !== -1; p = this.parent[p]) if (p === ancestor) return true;
    return false;
  }

  leaves(): number[] {
    return this.positions().filter((p) => this.isLeaf(p));
  }

  leavesUnder(position: number): number[] {
    if (this.isLeaf(position)) return [position];
    return this.children[position].flatMap((c) => this.leavesUnder(c));
  }

  /** Every position at a depth (1 = the top level below the total). */
  atDepth(depth: number): number[] {
    return this.positions().filter((p) => this.depth(p) === depth);
  }

  positions(): number[] {
    return this.labels.map((_, i) => i);
  }

  /** The labels from the top level down to the position (`[]` for the root). */
  path(position: number): string[] {
    return this.ancestors(position)
      .slice(0, -1)
      .reverse()
      .map((p) => this.labels[p]);
  }
}
