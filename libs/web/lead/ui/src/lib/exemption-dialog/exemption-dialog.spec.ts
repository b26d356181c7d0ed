import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { askExemptionReason } from './exemption-dialog';

describe('askExemptionReason', () => {
  async function open() {
    const dialog = TestBed.inject(MatDialog);
    const answer = askExemptionReason(dialog, { personName: 'Ana Lee', assignmentTitle: 'All Staff Foundations' });
    await new Promise((r) => setTimeout(r));
    TestBed.tick();
    const container = document.querySelector<HTMLElement>('mat-dialog-container')!;
    return { dialog, answer, container };
  }

  afterEach(() => TestBed.inject(MatDialog).closeAll());

  it('requires a reason before it closes', async () => {
    const { dialog, answer, container } = await open();
    expect(container.querySelector('h2')?.textContent).toContain('Exempt Ana Lee');
    expect(container.querySelector('label')?.textContent).toContain('Reason');

    const exempt = [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Exempt')!;
    exempt.click();
    TestBed.tick();
    expect(dialog.openDialogs).toHaveLength(1);
    expect(container.querySelector('mat-error')?.textContent).toContain('Give a reason');

    const reason = container.querySelector<HTMLTextAreaElement>('#exemption-reason')!;
    reason.value = '   ';
    reason.dispatchEvent(new Event('input'));
    exempt.click();
    TestBed.tick();
    expect(dialog.openDialogs).toHaveLength(1);

    reason.value = ' Completed the same training elsewhere ';
    reason.dispatchEvent(new Event('input'));
    exempt.click();
    await expect(answer).resolves.toBe('Completed the same training elsewhere');
  });

  it('closes without a reason when cancelled', async () => {
    const { answer, container } = await open();
    [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cancel')!.click();
    await expect(answer).resolves.toBeUndefined();
  });

  it('closes on Escape', async () => {
    const { answer, container } = await open();
    const escape = new KeyboardEvent('keydown', { key: 'Escape', bubbles: true });
    Object.defineProperty(escape, 'keyCode', { get: () => 27 });
    container.querySelector('textarea')!.dispatchEvent(escape);
    await expect(answer).resolves.toBeUndefined();
  });
});
