import { z } from 'zod';
import { BatchRecordSchema } from './catalog-entry';

/**
 * The platform's own run facet (batch id, file, status, counts), named and published as the
 * OpenLineage spec asks of custom facets: its key in `run.facets` is `{prefix}_{name}`, and its
 * `_schemaURL` points to a JSON schema the repository ships under a versioned file name. A change
 * to its fields is a new version and a new file, so a published URL never changes meaning.
 */
export const ACAD_BATCH_FACET = {
  key: 'acad_batch',
  name: 'AcadBatchRunFacet',
  version: '1-0-0',
} as const;

/** The shipped schema's path in the repository (`libs/catalog/schemas/…`). */
export const ACAD_BATCH_FACET_FILE = `libs/catalog/schemas/${ACAD_BATCH_FACET.name}-${ACAD_BATCH_FACET.version}.json`;

/** The spec's base run facet the platform's facet extends. */
const RUN_FACET_REF = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunFacet';

/** The facet's own fields (besides the base facet's `_producer` and `_schemaURL`). */
export const AcadBatchRunFacetFields = z
  .object({
    dataset: BatchRecordSchema.shape.dataset,
    batchId: BatchRecordSchema.shape.batchId,
    file: BatchRecordSchema.shape.file,
    status: BatchRecordSchema.shape.status,
    /** Left out of START events: nothing is counted yet. */
    rows: BatchRecordSchema.shape.rows.optional(),
    quality: BatchRecordSchema.shape.quality.optional(),
    pipelineRunId: z.string().min(1).optional(),
  })
  .strict();

/** The JSON schema the repository ships for the facet (ACAD_BATCH_FACET_FILE), derived from its fields. */
export function acadBatchFacetJsonSchema(schemaUrl: string): Record<string, unknown> {
  const {
    $schema: _ignored,
    properties,
    ...fields
  } = z.toJSONSchema(AcadBatchRunFacetFields, { target: 'draft-2020-12' }) as Record<string, unknown>;
  // The base facet's fields are listed too: the facet admits no property of its own besides these.
  const base = { _producer: { type: 'string', format: 'uri' }, _schemaURL: { type: 'string', format: 'uri' } };
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: schemaUrl.split('#')[0],
    $defs: {
      [ACAD_BATCH_FACET.name]: {
        allOf: [
          { $ref: RUN_FACET_REF },
          {
            ...fields,
            properties: { ...base, ...(properties as object) },
            description: 'A batch of the Academics Data Platform: its dataset, file, status and row counts.',
          },
        ],
        type: 'object',
      },
    },
    type: 'object',
    properties: { [ACAD_BATCH_FACET.key]: { $ref: `#/$defs/${ACAD_BATCH_FACET.name}` } },
  };
}
