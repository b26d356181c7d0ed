import { ArrayMaxSize, IsArray, IsOptional, IsUUID } from 'class-validator';
import { JobName, type JobPayloads } from '@equip/shared/contracts';
import type { JobsOptions } from 'bullmq';
import { variantOf } from './publication.store';

/** The publish-figures job's payload, as the worker checks it. */
export class PublishFiguresPayload implements Partial<JobPayloads[JobName.PublishFigures]> {
  @IsOptional()
  @IsArray({ message: 'exactDepartments must be a list of department ids' })
  @ArrayMaxSize(100_000)
  @IsUUID('all', { each: true, message: 'exactDepartments must hold department ids (UUIDs)' })
  exactDepartments?: string[];
}

/** The deduplication id of the job publishing the variant `exact` (the base one when empty). */
export function publishDeduplicationId(exact: ReadonlySet<string> | readonly string[] = []): string {
  return `${JobName.PublishFigures}:${variantOf(new Set(exact))}`;
}

/**
 * The job that publishes: with `exact`, the one publication of a viewer who leads those
 * departments; without, the base one and every lead-viewer's. One job per kind waits at a time
 * (a double click, a second process asking), by its deduplication id; the processor frees the id
 * when the job starts, so a request made while one is computing (a roster feed applied meanwhile)
 * waits for the next one instead of being dropped.
 */
export function publishFiguresJob(exact: ReadonlySet<string> = new Set()): { name: JobName.PublishFigures; data: JobPayloads[JobName.PublishFigures]; opts: JobsOptions } {
  return {
    name: JobName.PublishFigures,
    data: exact.size > 0 ? { exactDepartments: [...exact].sort() } : {},
    opts: { deduplication: { id: publishDeduplicationId(exact) }, removeOnComplete: 100, removeOnFail: 100 },
  };
}
