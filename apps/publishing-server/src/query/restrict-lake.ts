import { rowAccess, seesColumn, visibleColumns, type Role } from '@acad/access';
import { sqlIdentifier } from '@acad/engine';
import { AdmissionsContract } from '@acad/schemas';
import type { LakeQuery } from '@acad/zones';
import { findPublished } from '../data/published-datasets';

/**
 * Rewrites a sandbox lake to what a role may see before any of its SQL runs: tables it may not
 * read are dropped, removed columns are left out and masked ones hold a fixed mask. Column names
 * stay, so SQL that names a removed column fails instead of returning it. SQL cannot go through the
 * release step, so a product the role may read only released is dropped too, and so is a breakdown
 * by a column the role sees masked (admissions_demographics by gender, for analysts): the rows API
 * and dashboards give those as the release step allows.
 */
export async function restrictLake(lake: LakeQuery, role: Role): Promise<void> {
  for (const relation of [...lake.relations]) {
    const [zone, name] = relation.split('.');
    const dataset = findPublished(name);
    const table = `${zone}.${sqlIdentifier(name)}`;
    const access = dataset ? rowAccess(role, 'acad:ReadRows', dataset.resource) : 'denied';
    const maskedBreakdown = relation === 'curated.admissions_demographics' && !seesColumn(role, AdmissionsContract, 'gender');
    if (!dataset || access !== 'allowed' || maskedBreakdown) {
      await lake.engine.run(`DROP TABLE ${table}`);
      lake.relations.splice(lake.relations.indexOf(relation), 1);
      continue;
    }
    const columns = visibleColumns(role, dataset, dataset.zone);
    if (columns.every((c) => c.treatment === 'show')) continue;
    const items = columns
      .filter((c) => c.treatment !== 'remove')
      .map((c) =>
        c.treatment === 'mask'
          ? `CASE WHEN ${sqlIdentifier(c.name)} IS NULL THEN NULL ELSE '****' END AS ${sqlIdentifier(c.name)}`
          : sqlIdentifier(c.name),
      );
    const staged = `${zone}.${sqlIdentifier(`${name}__restricted`)}`;
    await lake.engine.run(`CREATE TABLE ${staged} AS SELECT ${items.join(', ')} FROM ${table} AS t`);
    await lake.engine.run(`DROP TABLE ${table}`);
    await lake.engine.run(`ALTER TABLE ${staged} RENAME TO ${sqlIdentifier(name)}`);
  }
}
