import { TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { askReason, ReasonDialogData } from './reason-dialog';

const DATA: ReasonDialogData = {
  id: 'exemption',
  title: 'Exempt Ana Lee',
  explanation: [{ text: 'From ' }, { text: 'All Staff Foundations', strong: true }, { text: '. You can remove the exemption later.' }],
  hint: 'For example: completed the same training elsewhere',
  missing: 'Give a reason for the exemption',
  action: 'Exempt',
  maxLength: 20,
};

describe('ReasonDialog', () => {
  async function open() {
    const dialog = TestBed.inject(MatDialog);
    const answer = askReason(dialog, DATA);
    await new Promise((r) => setTimeout(r));
    TestBed.tick();
    const container = document.querySelector<HTMLElement>('mat-dialog-container')!;
    return { dialog, answer, container };
  }

  afterEach(() => TestBed.inject(MatDialog).closeAll());

  it('shows its explanation with the emphasised parts, and names the field and its limit', async () => {
    const { container } = await open();
    expect(container.querySelector('h2')?.id).toBe('exemption-title');
    expect(container.querySelector('p')?.textContent).toBe('From All Staff Foundations. You can remove the exemption later.');
    expect(container.querySelector('strong')?.textContent).toBe('All Staff Foundations');
    const reason = container.querySelector<HTMLTextAreaElement>('#exemption-reason')!;
    expect(reason.getAttribute('maxlength')).toBe('20');
    expect(container.querySelector('mat-hint')?.textContent).toContain('completed the same training elsewhere');
  });

  it('requires a reason that is not blank, and closes with it trimmed', async () => {
    const { dialog, answer, container } = await open();
    const submit = [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Exempt')!;
    submit.click();
    TestBed.tick();
    expect(dialog.openDialogs).toHaveLength(1);
    expect(container.querySelector('mat-error')?.textContent).toContain('Give a reason for the exemption');

    const reason = container.querySelector<HTMLTextAreaElement>('#exemption-reason')!;
    reason.value = '   ';
    reason.dispatchEvent(new Event('input'));
    submit.click();
    TestBed.tick();
    expect(dialog.openDialogs).toHaveLength(1);

    reason.value = ' Took it elsewhere ';
    reason.dispatchEvent(new Event('input'));
    submit.click();
    await expect(answer).resolves.toBe('Took it elsewhere');
  });

  it('closes without a reason when cancelled', async () => {
    const { answer, container } = await open();
    [...container.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Cancel')!.click();
    await expect(answer).resolves.toBeUndefined();
  });
});
