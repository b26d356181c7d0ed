import { ChangeDetectionStrategy, Component, computed, input, linkedSignal, output, signal } from '@angular/core';
import { MatButton } from '@angular/material/button';
import type { AttemptResult, LessonContent, PublicQuestion } from '@equip/shared/contracts';
import { Selections, buildAnswers, choose, formatCityDate, unanswered } from '@equip/web/learner/data-access';
import { ErrorSummary, ErrorSummaryItem } from '@equip/web/shared/ui';

type KnowledgeCheck = NonNullable<LessonContent['knowledgeCheck']>;
type OptionResult = AttemptResult['questions'][number]['options'][number];

/**
 * A knowledge check as a form: one fieldset per question (radios for a single answer, checkboxes
 * for several). After an attempt it shows the score, passed or not, the feedback next to each
 * chosen option, and the attempts used; another attempt is offered while any are left. Scoring is
 * the api's.
 */
@Component({
  selector: 'equip-knowledge-check-form',
  imports: [ErrorSummary, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @if (result(); as attempt) {
      @if (attempt.passed) {
        <div class="kc-result kc-result--passed" role="status">
          <h2>Passed</h2>
          <p>You answered {{ attempt.score }} of {{ attempt.questions.length }} questions correctly ({{ attempt.passMark }} needed).</p>
        </div>
      } @else {
        <div class="kc-result kc-result--failed" role="alert">
          <h2>Not passed yet</h2>
          <p>
            You answered {{ attempt.score }} of {{ attempt.questions.length }} questions correctly; {{ attempt.passMark }} are
            needed to pass. Read the feedback next to your answers{{ attemptsLeft() > 0 ? ', then try again' : '' }}.
          </p>
        </div>
      }
    }
    <p class="equip-hint">{{ attemptsText() }}</p>
    @if (outOfAttempts()) {
      <div class="kc-ask" aria-live="polite">
        @if (check().moreAttemptsRequestedAt; as askedAt) {
          <p><strong>You asked your equity lead for another attempt on {{ cityDate(askedAt) }}.</strong> When they give you one, you can try this check again here.</p>
        } @else {
          <p>You have used all your attempts. Your equity lead can give you another one.</p>
          @if (askError(); as message) {
            <p class="kc-ask__error" role="alert">{{ message }}</p>
          }
          <button matButton="outlined" type="button" [disabled]="asking()" (click)="askLead.emit()">
            {{ asking() ? 'Asking…' : 'Ask my lead for another attempt' }}
          </button>
        }
      </div>
    }

    @if (errors().length) {
      <equip-error-summary [items]="errors()" />
    }

    <form (submit)="submit($event)" novalidate>
      @for (question of check().questions; track question.id; let q = $index) {
        <fieldset class="kc-question">
          <legend>
            <span class="kc-question__number">Question {{ q + 1 }} of {{ check().questions.length }}</span>
            {{ question.prompt }}
            <span class="kc-question__kind">{{ question.kind === 'single' ? '(Choose one)' : '(Choose all that apply)' }}</span>
          </legend>
          @for (option of question.options; track option.id) {
            @let id = optionId(question, option.id);
            @let feedback = optionResult(question.id, option.id);
            <div class="kc-option">
              <input
                [type]="question.kind === 'single' ? 'radio' : 'checkbox'"
                [id]="id"
                [name]="'kc-' + question.id"
                [value]="option.id"
                [checked]="isChosen(question.id, option.id)"
                [disabled]="locked()"
                [attr.aria-describedby]="feedback?.chosen ? id + '-feedback' : null"
                (change)="toggle(question, option.id, $any($event.target).checked)"
              />
              <label [for]="id">{{ option.text }}</label>
              @if (feedback?.chosen) {
                <p class="kc-feedback" [id]="id + '-feedback'" [class.kc-feedback--wrong]="!feedback!.correct">
                  <strong>{{ feedback!.correct ? '✓ Correct choice.' : '✗ Not a correct choice.' }}</strong>
                  {{ feedback!.feedback }}
                </p>
              }
            </div>
          }
        </fieldset>
      }
      @if (!locked()) {
        <div class="equip-actions">
          <button matButton="filled" type="submit" [disabled]="busy()">
            {{ busy() ? 'Checking…' : result() ? 'Try again' : 'Check my answers' }}
          </button>
        </div>
      }
    </form>
  `,
  styles: `
    .kc-result {
      border: 3px solid var(--mat-sys-primary);
      border-radius: 4px;
      padding: 0.75rem 1rem;
      margin-block-end: 1rem;
    }
    .kc-result--failed {
      border-color: var(--mat-sys-error);
    }
    .kc-result h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.25rem;
    }
    .kc-result p {
      margin: 0;
    }
    .kc-ask {
      border-inline-start: 4px solid var(--mat-sys-primary);
      padding: 0.25rem 0 0.25rem 1rem;
      margin-block-end: 1rem;
    }
    .kc-ask p {
      margin: 0 0 0.5rem;
    }
    .kc-ask__error {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
    .kc-question {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 8px;
      margin: 0 0 1rem;
      padding: 0.75rem 1rem;
      min-width: 0;
    }
    legend {
      font-weight: 600;
      padding: 0 0.25rem;
    }
    .kc-question__number,
    .kc-question__kind {
      display: block;
      font: var(--mat-sys-body-medium);
    }
    .kc-option {
      display: grid;
      grid-template-columns: auto 1fr;
      gap: 0 0.5rem;
      align-items: start;
      padding-block: 0.5rem;
    }
    .kc-option input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0.15rem 0 0;
    }
    .kc-feedback {
      grid-column: 2;
      margin: 0.25rem 0 0;
      font: var(--mat-sys-body-medium);
    }
    .kc-feedback--wrong strong {
      color: var(--mat-sys-error);
    }
  `,
})
export class KnowledgeCheckForm {
  readonly check = input.required<KnowledgeCheck>();
  /** The latest attempt's result, if any. */
  readonly result = input<AttemptResult | undefined>(undefined);
  readonly busy = input(false);
  /** Asking the lead for more attempts is under way. */
  readonly asking = input(false);
  /** Why asking the lead failed, in words. */
  readonly askError = input<string | null>(null);
  /** Every question id mapped to the chosen option ids. */
  readonly submitted = output<Record<string, string[]>>();
  /** "Ask my lead for another attempt". */
  readonly askLead = output<void>();

  /** What is chosen; starts from the latest attempt's answers so a retry changes only what was wrong. */
  protected readonly selections = linkedSignal<AttemptResult | undefined, Selections>({
    source: this.result,
    computation: (attempt) => {
      const chosen: Record<string, string[]> = {};
      for (const question of attempt?.questions ?? []) chosen[question.id] = question.options.filter((o) => o.chosen).map((o) => o.id);
      return chosen;
    },
  });
  protected readonly errors = signal<ErrorSummaryItem[]>([]);

  protected readonly passed = computed(() => this.result()?.passed ?? this.check().passed);
  protected readonly attemptsUsed = computed(() => this.result()?.attemptsUsed ?? this.check().attemptsUsed);
  /** Attempts still allowed (Infinity when unlimited). */
  protected readonly attemptsLeft = computed(() =>
    this.check().attemptsAllowed === 0 ? Infinity : Math.max(0, this.check().attemptsAllowed - this.attemptsUsed()),
  );
  protected readonly outOfAttempts = computed(() => !this.passed() && this.attemptsLeft() === 0);
  protected readonly cityDate = formatCityDate;
  /** Nothing more to answer: passed, or out of attempts. */
  protected readonly locked = computed(() => this.passed() || this.attemptsLeft() === 0);
  protected readonly attemptsText = computed(() => {
    const used = this.attemptsUsed();
    const allowed = this.check().attemptsAllowed;
    const base = allowed === 0 ? `Attempts used: ${used} (no limit).` : `Attempts used: ${used} of ${allowed}.`;
    if (this.outOfAttempts()) return `${base} No attempts are left.`;
    return `${base} You need ${this.check().passMark} of ${this.check().questions.length} correct to pass.`;
  });

  protected optionId(question: PublicQuestion, optionId: string): string {
    return `kc-${question.id}-${optionId}`;
  }

  protected isChosen(questionId: string, optionId: string): boolean {
    return this.selections()[questionId]?.includes(optionId) ?? false;
  }

  protected optionResult(questionId: string, optionId: string): OptionResult | undefined {
    return this.result()
      ?.questions.find((q) => q.id === questionId)
      ?.options.find((o) => o.id === optionId);
  }

  protected toggle(question: PublicQuestion, optionId: string, checked: boolean): void {
    this.selections.update((selections) => choose(selections, question, optionId, checked));
    if (this.errors().length) this.errors.set(this.missing());
  }

  /** A native form without FormsModule: the browser's submit is prevented here. */
  protected submit(event: Event): void {
    event.preventDefault();
    if (this.locked() || this.busy()) return;
    const missing = this.missing();
    this.errors.set(missing);
    if (missing.length) return;
    this.submitted.emit(buildAnswers(this.check().questions, this.selections()));
  }

  private missing(): ErrorSummaryItem[] {
    const questions = this.check().questions;
    return unanswered(questions, this.selections()).map((question) => ({
      message: `Answer question ${questions.indexOf(question) + 1}: ${question.prompt}`,
      target: this.optionId(question, question.options[0]?.id ?? ''),
    }));
  }
}
