// The render thread's entry point. The CertificateRenderer starts it with worker_threads; it
// renders one certificate per message. Like ./render-certificate.ts it must not import `@equip/*`.
import { parentPort } from 'node:worker_threads';
import { CertificateContent, RenderOptions, renderCertificatePdf } from './render-certificate';

export interface RenderRequest {
  id: number;
  content: CertificateContent;
  options: RenderOptions;
}

export type RenderReply = { id: number; pdf: Uint8Array } | { id: number; error: string };

const port = parentPort;
port?.on('message', (request: RenderRequest) => {
  renderCertificatePdf(request.content, request.options).then(
    (pdf) => port.postMessage({ id: request.id, pdf } satisfies RenderReply),
    (error: unknown) => port.postMessage({ id: request.id, error: error instanceof Error ? error.stack ?? error.message : String(error) } satisfies RenderReply),
  );
});
