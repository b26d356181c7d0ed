import { TestBed } from '@angular/core/testing';
import type { AttemptResult } from '@equip/shared/contracts';
import { enrollment, knowledgeCheckLesson } from '@equip/web/learner/data-access/testing';
import { KnowledgeCheckForm } from './knowledge-check-form';

const check = knowledgeCheckLesson().knowledgeCheck!;

function failedAttempt(): AttemptResult {
  return {
    attempt: 1,
    score: 1,
    passMark: 2,
    passed: false,
    attemptsUsed: 1,
    attemptsAllowed: 3,
    questions: [
      {
        id: 'q1',
        correct: false,
        options: [
          { id: 'a', chosen: true, correct: false, feedback: 'That describes equality.' },
          { id: 'b', chosen: false, correct: true, feedback: 'Right.' },
        ],
      },
      {
        id: 'q2',
        correct: true,
        options: [
          { id: 'a', chosen: true, correct: true, feedback: 'Yes, lending.' },
          { id: 'b', chosen: false, correct: false, feedback: null },
          { id: 'c', chosen: true, correct: true, feedback: null },
        ],
      },
    ],
    enrollment: enrollment(),
  };
}

describe('KnowledgeCheckForm', () => {
  async function render(result?: AttemptResult) {
    const fixture = TestBed.createComponent(KnowledgeCheckForm);
    fixture.componentRef.setInput('check', check);
    fixture.componentRef.setInput('result', result);
    const submitted: Record<string, string[]>[] = [];
    fixture.componentInstance.submitted.subscribe((answers) => submitted.push(answers));
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    const click = async (id: string) => {
      (element.querySelector(`#${id}`) as HTMLInputElement).click();
      await fixture.whenStable();
    };
    const submit = async () => {
      element.querySelector('form')!.dispatchEvent(new Event('submit', { cancelable: true }));
      await fixture.whenStable();
    };
    return { fixture, element, submitted, click, submit };
  }

  it('asks each question in a fieldset with its legend: radios for one answer, checkboxes for several', async () => {
    const { element } = await render();
    const fieldsets = [...element.querySelectorAll('fieldset')];
    expect(fieldsets.map((f) => f.querySelector('legend')?.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      'Question 1 of 2 What is equity? (Choose one)',
      'Question 2 of 2 Which are structural? (Choose all that apply)',
    ]);
    expect([...fieldsets[0].querySelectorAll('input')].map((i) => i.type)).toEqual(['radio', 'radio']);
    expect([...fieldsets[1].querySelectorAll('input')].map((i) => i.type)).toEqual(['checkbox', 'checkbox', 'checkbox']);
    expect(element.querySelector('label[for="kc-q1-b"]')?.textContent).toContain('Outcomes not predicted by race');
    expect(element.textContent).toContain('Attempts used: 0 of 3.');
  });

  it('submits every question mapped to the chosen option ids', async () => {
    const { submitted, click, submit } = await render();
    await click('kc-q1-a');
    await click('kc-q1-b');
    await click('kc-q2-c');
    await click('kc-q2-a');
    await click('kc-q2-c');
    await click('kc-q2-c');
    await submit();
    expect(submitted).toEqual([{ q1: ['b'], q2: ['a', 'c'] }]);
  });

  it('names the unanswered questions instead of submitting', async () => {
    const { element, submitted, click, submit } = await render();
    await click('kc-q2-a');
    await submit();
    expect(submitted).toEqual([]);
    const alert = element.querySelector('[role="alert"]');
    expect(alert?.textContent).toContain('Answer question 1: What is equity?');
    expect(alert?.querySelector('a')?.getAttribute('href')).toBe('#kc-q1-a');
  });

  it('shows the score, "not passed", feedback next to each chosen option and the attempts used, keeping the answers for a retry', async () => {
    const { element } = await render(failedAttempt());
    expect(element.querySelector('[role="alert"]')?.textContent).toMatch(/Not passed yet.*1 of 2 questions correctly; 2 are\s+needed/s);
    expect(element.textContent).toContain('Attempts used: 1 of 3.');
    const wrong = element.querySelector('#kc-q1-a-feedback');
    expect(wrong?.textContent).toContain('Not a correct choice.');
    expect(wrong?.textContent).toContain('That describes equality.');
    expect(element.querySelector('#kc-q1-a')?.getAttribute('aria-describedby')).toBe('kc-q1-a-feedback');
    expect(element.querySelector('#kc-q1-b-feedback')).toBeNull();
    expect((element.querySelector('#kc-q1-a') as HTMLInputElement).checked).toBe(true);
    expect(element.querySelector('button')?.textContent?.trim()).toBe('Try again');
  });

  it('says passed and offers no more attempts once passed', async () => {
    const passed = { ...failedAttempt(), score: 2, passed: true };
    const { element } = await render(passed);
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Passed');
    expect(element.querySelector('button')).toBeNull();
    expect((element.querySelector('#kc-q1-a') as HTMLInputElement).disabled).toBe(true);
  });

  it('says when no attempts are left, and offers to ask the lead instead of another try', async () => {
    const { element, fixture } = await render({ ...failedAttempt(), attemptsUsed: 3 });
    expect(element.textContent).toContain('No attempts are left');
    expect(element.querySelector('button[type="submit"]')).toBeNull();
    const asked: unknown[] = [];
    fixture.componentInstance.askLead.subscribe(() => asked.push(true));
    const ask = [...element.querySelectorAll('button')].find((b) => b.textContent?.trim() === 'Ask my lead for another attempt')!;
    ask.click();
    expect(asked).toHaveLength(1);
    fixture.componentRef.setInput('askError', 'Your lead could not be asked just now.');
    await fixture.whenStable();
    expect(element.querySelector('[role="alert"].kc-ask__error')?.textContent).toBe('Your lead could not be asked just now.');
  });

  it('says when the lead was asked, with no second ask', async () => {
    const fixture = TestBed.createComponent(KnowledgeCheckForm);
    fixture.componentRef.setInput('check', { ...check, attemptsUsed: 3, moreAttemptsRequestedAt: '2026-03-02T15:00:00Z' });
    await fixture.whenStable();
    const element: HTMLElement = fixture.nativeElement;
    expect(element.textContent).toContain('You asked your equity lead for another attempt on March 2, 2026.');
    expect(element.querySelector('button')).toBeNull();
  });
});
