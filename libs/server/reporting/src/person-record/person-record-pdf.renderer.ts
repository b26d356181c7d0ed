import { rendererIn } from '@equip/server/runtime';
import type { PersonRecordContent } from './person-record-pdf';

/** `renderPersonRecordPdf` (./person-record-pdf) as the render pool runs it, on one of its threads. */
export const PERSON_RECORD_PDF = rendererIn<PersonRecordContent>(__filename, 'person-record-pdf', 'renderPersonRecordPdf');
