import type { Response } from 'express';

/** Resolves once the response can take more, or has closed (the client left). */
function writable(res: Response): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/**
 * Sends a CSV download whose rows are read while it is sent (`batches`: encoded CSV lines, one
 * chunk per database batch), for every export too large to hold in memory.
 *
 * Nothing is written until the first batch has been read, so a filter or query that fails does so
 * before the first byte and becomes an ordinary problem response. A failure after that cannot
 * change the status any more: the connection is destroyed (and the error rethrown for the
 * ProblemFilter to log), so the client sees a failed download, never a truncated file that
 * looks complete or a response that never ends. A client that leaves stops the reading.
 */
export async function streamCsv(res: Response, filename: string, header: string, batches: AsyncIterable<string>): Promise<void> {
  const iterator = batches[Symbol.asyncIterator]();
  let next = await iterator.next();
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
  try {
    res.write(header);
    while (!next.done) {
      if (res.destroyed) {
        await iterator.return?.();
        return;
      }
      if (!res.write(next.value)) await writable(res);
      next = await iterator.next();
    }
    res.end();
  } catch (error) {
    res.destroy();
    throw error;
  }
}
