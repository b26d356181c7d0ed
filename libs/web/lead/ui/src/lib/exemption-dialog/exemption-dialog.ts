import { MatDialog } from '@angular/material/dialog';
import { askReason } from '@equip/web/shared/ui';

export interface ExemptionDialogData {
  /** "Lee, Ana" */
  personName: string;
  /** The course or track's title. */
  assignmentTitle: string;
}

/** Longest reason the api accepts. */
export const EXEMPTION_REASON_MAX = 500;

/**
 * Asks why a person is exempt from an assignment (for example, "completed the same training
 * elsewhere"); resolves with the reason, or undefined when cancelled.
 */
export function askExemptionReason(dialog: MatDialog, data: ExemptionDialogData): Promise<string | undefined> {
  return askReason(dialog, {
    id: 'exemption',
    title: `Exempt ${data.personName}`,
    explanation: [
      { text: 'From ' },
      { text: data.assignmentTitle, strong: true },
      { text: '. An exempt assignment counts as exempt, not complete, in every report; you can remove the exemption later.' },
    ],
    hint: 'For example: completed the same training elsewhere',
    missing: 'Give a reason for the exemption',
    action: 'Exempt',
    maxLength: EXEMPTION_REASON_MAX,
  });
}
