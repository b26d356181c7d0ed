import { protectPublication, type Publication, type PublicationRecords } from './publication';

/** What a publication thread is given: one snapshot's counts, and the departments published exactly. */
export interface ProtectionTask {
  records: PublicationRecords;
  exactDepartments: string[];
}

/**
 * The protection of one publication, run on a thread of the store's pool (`RenderPool.compute`):
 * minutes of HiGHS solves off the worker's event loop, and the solver's WebAssembly memory, which
 * grows to the largest block and is never given back, ends with the thread.
 */
export function protectRecords(task: ProtectionTask): Promise<Publication> {
  return protectPublication(task.records, { exactDepartments: new Set(task.exactDepartments) });
}
