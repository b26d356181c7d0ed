// A render thread's entry point (piscina loads it in each pool thread). It runs the renderer the
// task names: an exported function of a module that takes plain data and returns the file's bytes
// (or, for `RenderPool.compute`, any value structured clone copies).
import type { RenderTask } from './render-pool';

export default async function render(task: RenderTask): Promise<unknown> {
  const module = require(task.file) as Record<string, unknown>;
  const renderer = module[task.name];
  if (typeof renderer !== 'function') throw new Error(`${task.file} exports no function named ${task.name}`);
  return renderer(task.data);
}
