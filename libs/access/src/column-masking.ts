import type { ColumnSpec, DatasetContract, PiiClass } from '@acad/schemas';
import { AccessDenied } from './access-errors';
import { evaluate, isAllowed } from './evaluate-policy';
import type { RequestContext } from './evaluate-condition';
import { CONTEXT_KEYS, datasetResource, type Zone } from './platform-resources';
import type { PolicyDocument } from './policy-document';
import { policiesFor, type Role } from './roles';

/**
 * `show`: the value as stored in the zone, decrypted where it is field-encrypted;
 * `mask`: the column stays, its values are replaced by a fixed mask;
 * `remove`: the column is left out of what is returned.
 */
export type ColumnTreatment = 'show' | 'mask' | 'remove';

export interface ColumnVisibility {
  readonly name: string;
  readonly pii: PiiClass;
  readonly treatment: ColumnTreatment;
}

export interface VisibleColumnsOptions {
  /** Extra request facts for the row check, e.g. `{ 'acad:SmallCellSuppressed': true }`. */
  readonly context?: RequestContext;
}

/**
 * Decides, column by column, what a subject sees of a dataset in a zone. Driven only by the
 * policies: `acad:ViewPii` with `acad:PiiClass` = the column's class allows `show`; failing that,
 * the same with `acad:Masked` = true allows `mask`; otherwise `remove`.
 * Throws `AccessDenied` when the subject may not read the dataset's rows at all.
 */
export function visibleColumns(
  subject: Role | readonly PolicyDocument[],
  dataset: Pick<DatasetContract, 'name' | 'columns'>,
  zone: Zone,
  options: VisibleColumnsOptions = {},
): ColumnVisibility[] {
  const policies = policiesFor(subject);
  const resource = datasetResource(zone, dataset.name);
  const rows = evaluate(policies, { action: 'acad:ReadRows', resource, context: options.context });
  if (rows.reason !== 'Allowed') throw new AccessDenied('acad:ReadRows', resource, rows.reason);
  const byClass = new Map<PiiClass, ColumnTreatment>();
  const treatmentOf = (column: ColumnSpec): ColumnTreatment => {
    let treatment = byClass.get(column.pii);
    if (!treatment) {
      treatment = piiTreatment(policies, resource, column.pii, options.context ?? {});
      byClass.set(column.pii, treatment);
    }
    return treatment;
  };
  return dataset.columns.map((c) => ({ name: c.name, pii: c.pii, treatment: treatmentOf(c) }));
}

function piiTreatment(policies: readonly PolicyDocument[], resource: string, pii: PiiClass, context: RequestContext): ColumnTreatment {
  const asked = { ...context, [CONTEXT_KEYS.piiClass]: pii };
  if (isAllowed(policies, { action: 'acad:ViewPii', resource, context: asked })) return 'show';
  if (isAllowed(policies, { action: 'acad:ViewPii', resource, context: { ...asked, [CONTEXT_KEYS.masked]: true } })) return 'mask';
  return 'remove';
}
