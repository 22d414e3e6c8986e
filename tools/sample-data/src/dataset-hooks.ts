import type { SampleDatasetHook } from './sample-world';
import { courseResultsSampleHook } from './course-results';

/**
 * Sample files for datasets added after the core four, written by `npm run sample-data` after them.
 * `nx g @acad/workspace-plugin:dataset <name>` adds its hook here.
 */
export const SAMPLE_DATASET_HOOKS: readonly SampleDatasetHook[] = [courseResultsSampleHook];
