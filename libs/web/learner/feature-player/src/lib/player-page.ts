import {
  ChangeDetectionStrategy,
  Component,
  DOCUMENT,
  ElementRef,
  Injector,
  ViewEncapsulation,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
  viewChild,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { Title } from '@angular/platform-browser';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import { LESSON_TYPE_LABELS, PlayerStore, formatCityDate } from '@equip/web/learner/data-access';
import { ErrorSummary } from '@equip/web/shared/ui';
import { KnowledgeCheckForm } from './knowledge-check-form';
import { lessonBody } from './lesson-html';
import { LessonLinks } from './lesson-links';
import { LessonNav } from './lesson-nav';

/**
 * The course player at `/learn/courses/:slug/lessons/:lesson`: the lesson (server HTML, a video
 * with captions and transcript, a knowledge check, a reflection or an attestation), the lesson list
 * with my progress, and the next step. Every action is saved on the server as it happens, so
 * closing the phone mid-course loses nothing; "Resume" on the course page returns here.
 */
/** The api's words for a reflection with nothing in it (422 on `text`), said here before asking. */
const EMPTY_REFLECTION = 'Write something to complete this lesson';

@Component({
  selector: 'equip-player-page',
  imports: [RouterLink, MatButton, ErrorSummary, KnowledgeCheckForm, LessonNav, LessonLinks],
  providers: [PlayerStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  // Styles reach into the lesson HTML, which Angular's emulated encapsulation would not; every
  // selector is prefixed with `equip-player`.
  encapsulation: ViewEncapsulation.None,
  templateUrl: './player-page.html',
  styleUrl: './player-page.css',
})
export class PlayerPage {
  protected readonly store = inject(PlayerStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly document = inject(DOCUMENT);
  private readonly injector = inject(Injector);

  private readonly heading = viewChild<ElementRef<HTMLElement>>('lessonHeading');
  private readonly completion = viewChild<ElementRef<HTMLElement>>('completionHeading');

  protected readonly courseSlug = signal('');
  protected readonly lesson = this.store.lesson;
  protected readonly enrollment = this.store.enrollment;
  protected readonly typeLabels = LESSON_TYPE_LABELS;
  protected readonly cityDate = formatCityDate;
  protected readonly body = computed(() => lessonBody(this.lesson()?.html ?? ''));
  /** "Lesson 2 of 6". */
  protected readonly position = computed(() => {
    const lessons = this.enrollment()?.lessons ?? [];
    const index = lessons.findIndex((lesson) => lesson.slug === this.lesson()?.slug);
    return index >= 0 ? `Lesson ${index + 1} of ${lessons.length}` : '';
  });
  /** The next lesson, when it can be opened. */
  protected readonly next = computed(() => {
    const next = this.store.nextLesson();
    return next && next.state !== 'locked' ? next : undefined;
  });
  protected readonly reflectionText = signal('');
  protected readonly reflectionSaved = signal(false);
  /** Said before asking the api when there is nothing to save; the api's own word on `text` otherwise. */
  private readonly reflectionEmpty = signal(false);
  protected readonly reflectionError = computed(() =>
    this.reflectionEmpty() ? EMPTY_REFLECTION : (this.store.actionError()?.problem.errors?.find((e) => e.field === 'text')?.message ?? null),
  );
  protected readonly affirmChecked = signal(false);
  protected readonly affirmError = signal(false);

  constructor() {
    this.route.paramMap.pipe(takeUntilDestroyed()).subscribe((params) => {
      this.courseSlug.set(params.get('slug') ?? '');
      const start = this.route.snapshot.queryParamMap.get('start') === 'assigned';
      this.store.open({ courseSlug: params.get('slug') ?? '', lessonSlug: params.get('lesson') ?? '', start });
    });

    // A new lesson: reset its forms and move focus to its h1 (unless focus is already somewhere the
    // learner chose, as on the very first page load where the skip link comes first).
    // The route's title is only "Lesson"; name the lesson once it is known.
    const title = inject(Title);
    effect(() => {
      const lesson = this.lesson();
      if (lesson) title.setTitle(`${lesson.title} – Equip`);
    });

    // Saving updates the lesson in place; only a different lesson resets and refocuses.
    let first = true;
    const openLesson = computed(() => this.lesson()?.slug);
    effect(() => {
      if (!openLesson()) return;
      untracked(() => {
        const lesson = this.lesson();
        if (!lesson) return;
        this.reflectionText.set(lesson.reflection?.text ?? '');
        this.reflectionSaved.set(false);
        this.reflectionEmpty.set(false);
        this.affirmChecked.set(!!lesson.attestation?.affirmedAt);
        this.affirmError.set(false);
      });
      const focus = !first || this.focusIsUnclaimed();
      first = false;
      if (focus) afterNextRender(() => this.heading()?.nativeElement.focus(), { injector: this.injector });
    });
  }

  /** Reading and video: save the lesson as done, then open the next one (or show the course complete). */
  protected async markDone(): Promise<void> {
    if (!(await this.store.complete())) return;
    await this.continueAfterSave();
  }

  protected async submitAttempt(answers: Record<string, string[]>): Promise<void> {
    if ((await this.store.submitAttempt(answers)) && this.enrollment()?.completedAt) this.focusCompletion();
  }

  protected async saveReflection(event: Event): Promise<void> {
    event.preventDefault();
    this.reflectionSaved.set(false);
    this.reflectionEmpty.set(!this.reflectionText().trim());
    if (this.reflectionEmpty()) {
      afterNextRender(() => this.document.getElementById('reflection-text')?.focus(), { injector: this.injector });
      return;
    }
    const wasComplete = !!this.enrollment()?.completedAt;
    if (!(await this.store.saveReflection(this.reflectionText()))) return;
    this.reflectionSaved.set(true);
    if (!wasComplete && this.enrollment()?.completedAt) this.focusCompletion();
  }

  protected async affirm(event: Event): Promise<void> {
    event.preventDefault();
    this.affirmError.set(!this.affirmChecked());
    if (!this.affirmChecked()) return;
    if (await this.store.affirm()) await this.continueAfterSave();
  }

  private async continueAfterSave(): Promise<void> {
    const next = this.next();
    if (this.enrollment()?.completedAt) {
      this.focusCompletion();
    } else if (next) {
      await this.router.navigate(['/learn/courses', this.courseSlug(), 'lessons', next.slug]);
    }
  }

  private focusCompletion(): void {
    afterNextRender(() => this.completion()?.nativeElement.focus(), { injector: this.injector });
  }

  private focusIsUnclaimed(): boolean {
    const active = this.document.activeElement;
    return !active || active === this.document.body || active.id === 'main' || active.tagName === 'H1';
  }
}
