import { rowAccess, visibleColumns, type Role } from '@acad/access';
import { sqlIdentifier } from '@acad/engine';
import type { LakeQuery } from '@acad/zones';
import { findPublished } from '../data/published-datasets';
import { sourceRelation } from '../data/read-plan';

/**
 * Rewrites a sandbox lake to what a role may see before any of its SQL runs: tables it may not
 * read are dropped, removed columns are left out, masked ones hold a fixed mask, and products it
 * may read only suppressed are replaced by their suppressed form. Column names stay, so SQL that
 * names a removed column fails instead of returning it.
 */
export async function restrictLake(lake: LakeQuery, role: Role): Promise<void> {
  for (const relation of [...lake.relations]) {
    const [zone, name] = relation.split('.');
    const dataset = findPublished(name);
    const table = `${zone}.${sqlIdentifier(name)}`;
    const access = dataset ? rowAccess(role, 'acad:ReadRows', dataset.resource) : 'denied';
    if (!dataset || access === 'denied' || (access === 'allowed-with-suppression' && !dataset.suppression)) {
      await lake.engine.run(`DROP TABLE ${table}`);
      lake.relations.splice(lake.relations.indexOf(relation), 1);
      continue;
    }
    const suppressed = access === 'allowed-with-suppression';
    const columns = visibleColumns(role, dataset, dataset.zone, { context: { 'acad:SmallCellSuppressed': suppressed } });
    if (!suppressed && columns.every((c) => c.treatment === 'show')) continue;
    const items = columns
      .filter((c) => c.treatment !== 'remove')
      .map((c) =>
        c.treatment === 'mask'
          ? `CASE WHEN ${sqlIdentifier(c.name)} IS NULL THEN NULL ELSE '****' END AS ${sqlIdentifier(c.name)}`
          : sqlIdentifier(c.name),
      );
    if (suppressed) items.push('"suppressed"');
    const staged = `${zone}.${sqlIdentifier(`${name}__restricted`)}`;
    await lake.engine.run(`CREATE TABLE ${staged} AS SELECT ${items.join(', ')} FROM ${sourceRelation(dataset, suppressed)} AS t`);
    await lake.engine.run(`DROP TABLE ${table}`);
    await lake.engine.run(`ALTER TABLE ${staged} RENAME TO ${sqlIdentifier(name)}`);
  }
}
