import type { PublicationStatus } from '@equip/shared/contracts';
import type { Session } from './http';
import { until } from './processes';

/**
 * "Publish now" as an administrator, then waits until the worker has stored the new published
 * figures (what viewers, exports and the PDF are answered from): a journey that changes figures and
 * then reads them as a viewer does this between the two, as a RASE office would.
 */
export async function republish(admin: Session, timeoutMs = 120_000): Promise<PublicationStatus> {
  const before = (await (await admin.get('/api/reports/publication')).json()) as PublicationStatus;
  const asked = await admin.post('/api/reports/publication', {});
  if (asked.status !== 202) throw new Error(`Publish now answered ${asked.status}`);
  return until(
    'the new published figures',
    async () => {
      const now = (await (await admin.get('/api/reports/publication')).json()) as PublicationStatus;
      return now.latest && now.latest.computedAt !== before.latest?.computedAt ? now : undefined;
    },
    timeoutMs,
  );
}

/** A protected answer that may first be 503 while the worker prepares the caller's own publication: asked again until it is there. */
export async function whenPublished(ask: () => Promise<Response>, timeoutMs = 120_000): Promise<Response> {
  return until('the caller’s published figures', async () => {
    const res = await ask();
    return res.status === 503 ? undefined : res;
  }, timeoutMs);
}
