import { DuckDbEngine } from '@acad/engine';
import { curatedColumns } from './athena-catalog-entries';
import { CURATED_MODELS } from './models/index';

export interface CuratedProductColumns {
  name: string;
  /** Output columns with their engine (DuckDB) types, in the model's order. */
  columns: Array<{ name: string; type: string }>;
}

/**
 * Every curated product's output columns, as the embedded engine describes each model over
 * empty typed inputs (`curatedColumns`): for what must declare a product's shape before any
 * batch has built it (a QuickSight dataset), with no column list kept by hand.
 */
export async function describeCuratedProducts(): Promise<CuratedProductColumns[]> {
  const engine = await DuckDbEngine.open({ mode: 'pipeline', threads: 1 });
  try {
    const products: CuratedProductColumns[] = [];
    for (const model of CURATED_MODELS) products.push({ name: model.name, columns: await curatedColumns(engine, model) });
    return products;
  } finally {
    await engine.close();
  }
}
