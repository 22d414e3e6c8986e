import { ACAD_BATCH_FACET } from './acad-batch-facet';
import { qualifiedName, type CatalogEntry } from './catalog-entry';
import {
  ACAD_OPENLINEAGE_PRODUCER,
  OPENLINEAGE_FACET_SCHEMAS,
  OPENLINEAGE_SCHEMA_URL,
  openLineageFacet,
  type OpenLineageDataset,
  type OpenLineageEventType,
  type OpenLineageFacet,
  type OpenLineageRunEvent,
} from './openlineage-event';
import type { Promotion } from './promotion';

export interface PromotionEventOptions {
  /** OpenLineage run id (a UUID) shared by the START and COMPLETE/FAIL events of one promotion. */
  readonly runId: string;
  /** Namespace of the job and the datasets; default `acad`. */
  readonly namespace?: string;
}

/** The job a promotion runs as: `acad.promote.<dataset>`. */
export function promotionJobName(dataset: string): string {
  return `acad.promote.${dataset}`;
}

/**
 * One OpenLineage RunEvent of a promotion. Inputs are the landing file and the other trusted
 * datasets the rebuilt products read; outputs are the catalog entries the batch wrote (with
 * their schema, column lineage and, on COMPLETE, row counts). A FAIL event names no outputs.
 */
export function promotionRunEvent(
  eventType: Extract<OpenLineageEventType, 'START' | 'COMPLETE' | 'FAIL'>,
  promotion: Promotion,
  outputs: readonly CatalogEntry[],
  options: PromotionEventOptions,
  error?: string,
): OpenLineageRunEvent {
  const namespace = options.namespace ?? 'acad';
  const dataset = promotion.contract.name;
  const own = new Set(outputs.map(qualifiedName));
  const otherInputs = [...new Set((promotion.curated ?? []).flatMap((p) => p.model.inputs))].filter(
    (i) => !own.has(i) && i !== `trusted.${dataset}`,
  );
  const runFacets: Record<string, OpenLineageFacet> = {
    [ACAD_BATCH_FACET.key]: openLineageFacet(OPENLINEAGE_FACET_SCHEMAS.acadBatch, {
      dataset,
      batchId: promotion.batchId,
      file: promotion.file,
      status: promotion.status,
      ...(eventType === 'START' ? {} : { rows: promotion.rows, quality: promotion.quality }),
      ...(promotion.pipelineRunId ? { pipelineRunId: promotion.pipelineRunId } : {}),
    }),
  };
  if (eventType === 'FAIL') {
    runFacets.errorMessage = openLineageFacet(OPENLINEAGE_FACET_SCHEMAS.errorMessage, {
      message: error ?? promotion.problem ?? `batch ${promotion.batchId} was ${promotion.status}`,
      programmingLanguage: 'TYPESCRIPT',
    });
  }
  return {
    eventType,
    eventTime: eventType === 'START' ? promotion.startedAt : promotion.finishedAt,
    run: { runId: options.runId, facets: runFacets },
    job: {
      namespace,
      name: promotionJobName(dataset),
      facets: {
        jobType: openLineageFacet(OPENLINEAGE_FACET_SCHEMAS.jobType, { processingType: 'BATCH', integration: 'ACAD', jobType: 'JOB' }),
      },
    },
    inputs: [{ namespace, name: `landing/${dataset}/${promotion.file}` }, ...otherInputs.map((name) => ({ namespace, name }))],
    outputs:
      eventType === 'FAIL'
        ? []
        : outputs.map((entry) => outputDataset(entry, namespace, eventType === 'COMPLETE' ? rowsWritten(entry, promotion) : undefined)),
    producer: ACAD_OPENLINEAGE_PRODUCER,
    schemaURL: OPENLINEAGE_SCHEMA_URL,
  };
}

/** Rows this run wrote to an output (not the dataset's total): OpenLineage output statistics. */
function rowsWritten(entry: CatalogEntry, promotion: Promotion): number {
  if (entry.zone === 'raw') return promotion.rows.read;
  if (entry.zone === 'quarantine') return promotion.rows.quarantined;
  if (entry.zone === 'trusted') return promotion.rows.accepted;
  // Curated products are rebuilt whole, so everything in them was written by this run.
  return entry.rowCount;
}

function outputDataset(entry: CatalogEntry, namespace: string, written: number | undefined): OpenLineageDataset {
  const facets: Record<string, OpenLineageFacet> = {
    schema: openLineageFacet(OPENLINEAGE_FACET_SCHEMAS.schema, {
      fields: entry.columns.map((c) => ({ name: c.name, type: c.type, description: c.description })),
    }),
    documentation: openLineageFacet(OPENLINEAGE_FACET_SCHEMAS.documentation, { description: entry.description }),
  };
  if (entry.columnLineage) {
    facets.columnLineage = openLineageFacet(OPENLINEAGE_FACET_SCHEMAS.columnLineage, {
      fields: Object.fromEntries(
        Object.entries(entry.columnLineage).map(([column, sources]) => [
          column,
          {
            inputFields: sources.map((source) => {
              const [zone, name, field] = source.split('.');
              return { namespace, name: `${zone}.${name}`, field };
            }),
          },
        ]),
      ),
    });
  }
  return {
    namespace,
    name: qualifiedName(entry),
    facets,
    ...(written === undefined
      ? {}
      : { outputFacets: { outputStatistics: openLineageFacet(OPENLINEAGE_FACET_SCHEMAS.outputStatistics, { rowCount: written }) } }),
  };
}
