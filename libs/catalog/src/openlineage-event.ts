import { z } from 'zod';
import { ACAD_BATCH_FACET, ACAD_BATCH_FACET_FILE } from './acad-batch-facet';

/** The OpenLineage core spec version the events follow (spec/OpenLineage.json `$id`). */
export const OPENLINEAGE_SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
/** Who produced the events: this platform. */
export const ACAD_OPENLINEAGE_PRODUCER = 'https://github.com/acad/academics-data-platform';

/** Facet schema URLs of the standard facets the platform emits. */
export const OPENLINEAGE_FACET_SCHEMAS = {
  schema: 'https://openlineage.io/spec/facets/1-1-1/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet',
  columnLineage: 'https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet',
  documentation: 'https://openlineage.io/spec/facets/1-1-0/DocumentationDatasetFacet.json#/$defs/DocumentationDatasetFacet',
  outputStatistics:
    'https://openlineage.io/spec/facets/1-0-2/OutputStatisticsOutputDatasetFacet.json#/$defs/OutputStatisticsOutputDatasetFacet',
  errorMessage: 'https://openlineage.io/spec/facets/1-0-1/ErrorMessageRunFacet.json#/$defs/ErrorMessageRunFacet',
  jobType: 'https://openlineage.io/spec/facets/2-0-3/JobTypeJobFacet.json#/$defs/JobTypeJobFacet',
  /** Our own run facet (`acad_batch`): the versioned JSON schema the repository ships. */
  acadBatch: `${ACAD_OPENLINEAGE_PRODUCER}/blob/main/${ACAD_BATCH_FACET_FILE}#/$defs/${ACAD_BATCH_FACET.name}`,
} as const;

export const OPENLINEAGE_EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;
export type OpenLineageEventType = (typeof OPENLINEAGE_EVENT_TYPES)[number];

/** Every facet starts with the base facet's `_producer` and `_schemaURL`. */
export interface OpenLineageFacet {
  readonly _producer: string;
  readonly _schemaURL: string;
  readonly [field: string]: unknown;
}

export interface OpenLineageDataset {
  readonly namespace: string;
  readonly name: string;
  readonly facets?: Readonly<Record<string, OpenLineageFacet>>;
  readonly inputFacets?: Readonly<Record<string, OpenLineageFacet>>;
  readonly outputFacets?: Readonly<Record<string, OpenLineageFacet>>;
}

export interface OpenLineageRunEvent {
  readonly eventType: OpenLineageEventType;
  readonly eventTime: string;
  readonly run: { readonly runId: string; readonly facets?: Readonly<Record<string, OpenLineageFacet>> };
  readonly job: { readonly namespace: string; readonly name: string; readonly facets?: Readonly<Record<string, OpenLineageFacet>> };
  readonly inputs: readonly OpenLineageDataset[];
  readonly outputs: readonly OpenLineageDataset[];
  readonly producer: string;
  readonly schemaURL: string;
}

// The required fields of the spec (BaseEvent: eventTime, producer, schemaURL; RunEvent: run, job;
// Run: runId as a uuid; Job and Dataset: namespace, name; BaseFacet: _producer, _schemaURL).
const uri = z.url();
const FacetSchema = z.looseObject({ _producer: uri, _schemaURL: uri });
const FacetsSchema = z.record(z.string(), FacetSchema).optional();
const DatasetSchema = z.looseObject({ namespace: z.string().min(1), name: z.string().min(1), facets: FacetsSchema });

/** What the OpenLineage spec requires of a RunEvent; used to check every event before it leaves. */
export const OpenLineageRunEventSchema = z.looseObject({
  eventType: z.enum(OPENLINEAGE_EVENT_TYPES),
  eventTime: z.iso.datetime({ offset: true }),
  producer: uri,
  schemaURL: uri,
  run: z.looseObject({ runId: z.uuid(), facets: FacetsSchema }),
  job: z.looseObject({ namespace: z.string().min(1), name: z.string().min(1), facets: FacetsSchema }),
  inputs: z.array(DatasetSchema.extend({ inputFacets: FacetsSchema })).optional(),
  outputs: z.array(DatasetSchema.extend({ outputFacets: FacetsSchema })).optional(),
});

/** A standard or custom facet with the base fields filled in. */
export function openLineageFacet(schemaURL: string, fields: Record<string, unknown>): OpenLineageFacet {
  return { _producer: ACAD_OPENLINEAGE_PRODUCER, _schemaURL: schemaURL, ...fields };
}
