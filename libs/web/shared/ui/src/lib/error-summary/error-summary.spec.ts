import { TestBed } from '@angular/core/testing';
import { ErrorSummary } from './error-summary';

describe('ErrorSummary', () => {
  afterEach(() => document.body.querySelectorAll('input#email').forEach((el) => el.remove()));

  it('announces its messages as an alert and links field messages to their field', async () => {
    const field = document.createElement('input');
    field.id = 'email';
    document.body.appendChild(field);

    const fixture = TestBed.createComponent(ErrorSummary);
    fixture.componentRef.setInput('items', [{ message: 'Enter your email address', target: 'email' }, { message: 'Too many attempts.' }]);
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;

    const alert = element.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('There is a problem');
    expect(alert?.textContent).toContain('Too many attempts.');

    const link = element.querySelector('a');
    expect(link?.textContent?.trim()).toBe('Enter your email address');
    const click = new MouseEvent('click', { cancelable: true });
    link?.dispatchEvent(click);
    expect(click.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(field);
  });
});
