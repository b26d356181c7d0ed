import type { Redis } from 'ioredis';

/**
 * What `npm start` (the cli's supervisor) says about the processes it runs, so `/api/health/ready`
 * can tell that the worker is being restarted after a crash. A hash under `<prefix>:supervisor`,
 * one field per process; absent when Equip runs under another supervisor (Compose, Kubernetes).
 */
export const SUPERVISOR_KEY = 'supervisor';

export interface SupervisedProcess {
  state: 'running' | 'restarting';
  /** Crashes since `npm start` began. */
  restarts: number;
  /** ISO time of the last crash, and how it ended (exit code or signal). */
  lastCrashAt?: string;
  lastExit?: string;
}

export async function writeSupervisedProcess(redis: Redis, prefix: string, name: string, status: SupervisedProcess): Promise<void> {
  const key = `${prefix}:${SUPERVISOR_KEY}`;
  // A supervisor killed without a chance to clean up leaves no claim older than a day.
  await redis.multi().hset(key, name, JSON.stringify(status)).expire(key, 24 * 3600).exec();
}

export async function clearSupervisedProcesses(redis: Redis, prefix: string): Promise<void> {
  await redis.del(`${prefix}:${SUPERVISOR_KEY}`);
}

export async function readSupervisedProcesses(redis: Redis, prefix: string): Promise<Record<string, SupervisedProcess>> {
  const fields = await redis.hgetall(`${prefix}:${SUPERVISOR_KEY}`);
  return Object.fromEntries(Object.entries(fields).map(([name, json]) => [name, JSON.parse(json) as SupervisedProcess]));
}
