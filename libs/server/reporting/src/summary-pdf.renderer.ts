import { rendererIn } from '@equip/server/runtime';
import type { SummaryContent } from './summary-pdf';

/** `renderSummaryPdf` (./summary-pdf) as the render pool runs it, on one of its threads. */
export const SUMMARY_PDF = rendererIn<SummaryContent>(__filename, 'summary-pdf', 'renderSummaryPdf');
