import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AttendanceContract } from '@acad/schemas';
import { ACAD_BATCH_FACET, ACAD_BATCH_FACET_FILE, AcadBatchRunFacetFields, acadBatchFacetJsonSchema } from './acad-batch-facet';
import { ACAD_OPENLINEAGE_PRODUCER, OPENLINEAGE_FACET_SCHEMAS } from './openlineage-event';
import { promotionEntries } from './promotion-entries';
import { promotionRunEvent } from './promotion-events';
import { samplePromotion } from './promotion.test-support';

const REPO_ROOT = join(__dirname, '../../..');
const RUN_ID = '6f1c2b1e-8d3a-4c55-9e0f-1a2b3c4d5e6f';

describe('the platform’s own OpenLineage run facet', () => {
  it('is keyed {prefix}_{name} and points at the versioned schema file the repository ships', () => {
    const promotion = samplePromotion(AttendanceContract, {});
    const event = promotionRunEvent('COMPLETE', promotion, promotionEntries(promotion, new Map()), { runId: RUN_ID });
    expect(Object.keys(event.run.facets ?? {})).toEqual(['acad_batch']);
    const facet = event.run.facets?.acad_batch;
    expect(facet?._schemaURL).toBe(
      `${ACAD_OPENLINEAGE_PRODUCER}/blob/main/libs/catalog/schemas/AcadBatchRunFacet-1-0-0.json#/$defs/AcadBatchRunFacet`,
    );
    expect(OPENLINEAGE_FACET_SCHEMAS.acadBatch).toBe(facet?._schemaURL);
  });

  it.each(['START', 'COMPLETE', 'FAIL'] as const)('%s carries a facet its schema accepts, and nothing else', (type) => {
    const promotion = samplePromotion(AttendanceContract, { pipelineRunId: 'run-1' });
    const event = promotionRunEvent(type, promotion, promotionEntries(promotion, new Map()), { runId: RUN_ID }, 'boom');
    const { _producer, _schemaURL, ...fields } = event.run.facets?.[ACAD_BATCH_FACET.key] ?? {};
    expect({ _producer, _schemaURL: typeof _schemaURL }).toEqual({ _producer: ACAD_OPENLINEAGE_PRODUCER, _schemaURL: 'string' });
    expect(AcadBatchRunFacetFields.safeParse(fields).error).toBeUndefined();
    expect(Object.keys(fields).includes('rows')).toBe(type !== 'START');
  });

  it('ships the schema its fields define: the file under libs/catalog/schemas is what the code derives', () => {
    const shipped = JSON.parse(readFileSync(join(REPO_ROOT, ACAD_BATCH_FACET_FILE), 'utf8'));
    expect(shipped).toEqual(acadBatchFacetJsonSchema(OPENLINEAGE_FACET_SCHEMAS.acadBatch));
    // The schema refuses what the fields refuse: a misspelt count.
    expect(shipped.$defs.AcadBatchRunFacet.allOf[1].additionalProperties).toBe(false);
    expect(shipped.$defs.AcadBatchRunFacet.allOf[1].required).toEqual(['dataset', 'batchId', 'file', 'status']);
  });
});
