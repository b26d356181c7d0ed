import { MatDialog } from '@angular/material/dialog';
import { REVOKE_REASON_MAX_LENGTH } from '@equip/shared/contracts';
import { askReason } from '@equip/web/shared/ui';

export interface RevokeCertificateDialogData {
  serial: string;
  personName: string;
  title: string;
}

/** Asks why a certificate is revoked (the reason is kept in the audit log); resolves with it, or undefined when cancelled. */
export function askRevokeReason(dialog: MatDialog, data: RevokeCertificateDialogData): Promise<string | undefined> {
  return askReason(dialog, {
    id: 'revoke',
    title: `Revoke certificate ${data.serial}`,
    explanation: [
      { text: 'Issued to ' },
      { text: data.personName, strong: true },
      { text: ' for ' },
      { text: data.title, strong: true },
      { text: '. Its verification page will say it is revoked from now on, and its holder can no longer download it. This cannot be undone.' },
    ],
    hint: 'For example: issued in error. Kept in the audit log.',
    missing: 'Give a reason for revoking the certificate',
    action: 'Revoke certificate',
    maxLength: REVOKE_REASON_MAX_LENGTH,
  });
}
