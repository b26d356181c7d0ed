import { ChangeDetectionStrategy, Component, DOCUMENT, computed, effect, inject, signal, untracked } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { CohortKind, CohortRule, CreateCohortRequest, Problem, UpdateCohortRequest } from '@equip/shared/contracts';
import { CohortEditorStore } from '@equip/web/lead/data-access';
import { CohortRuleEditor, RULE_FIELD_IDS, type ManagerOption } from '@equip/web/lead/ui';
import { ApiError, toProblem } from '@equip/web/shared/data-access';
import { ErrorSummary, type ErrorSummaryItem, PageHeader, departmentOptions, fieldErrorItems } from '@equip/web/shared/ui';

type CohortField = 'name' | 'description' | 'departmentId';
const FIELD_IDS: Record<string, string> = {
  name: 'cohort-name',
  description: 'cohort-description',
  departmentId: 'cohort-department',
  kind: 'cohort-kind-static',
  rule: 'rule-departments',
  ...RULE_FIELD_IDS,
};

/**
 * Creates a cohort (`/lead/cohorts/new`) or edits one (`/lead/cohorts/:id/edit`): its name,
 * description and owning department, and for a rule cohort the rule, whose matches can be
 * previewed before saving. The api's field messages show by their fields and in a summary.
 */
@Component({
  selector: 'equip-cohort-editor-page',
  imports: [ReactiveFormsModule, RouterLink, MatButton, MatFormField, MatLabel, MatHint, MatError, MatInput, PageHeader, ErrorSummary, CohortRuleEditor],
  providers: [CohortEditorStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header [heading]="heading()">
      <p>A cohort belongs to one of your departments. Choose people by hand, or describe them with a rule that keeps the cohort up to date as the roster changes.</p>
    </equip-page-header>

    @if (errors().length) {
      <equip-error-summary id="cohort-errors" [items]="errors()" />
    }
    @if (store.departments.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    }

    <form [formGroup]="form" (ngSubmit)="save()" [attr.aria-busy]="store.busy()" aria-labelledby="cohort-form-heading">
      <h2 id="cohort-form-heading" class="equip-visually-hidden">Cohort details</h2>
      <div class="equip-filters">
        <mat-form-field appearance="outline">
          <mat-label>Name</mat-label>
          <input matInput id="cohort-name" formControlName="name" required autocomplete="off" />
          @if (fieldError('name'); as message) {
            <mat-error>{{ message }}</mat-error>
          }
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Owning department</mat-label>
          <select matNativeControl id="cohort-department" formControlName="departmentId" required>
            <option value="">Choose a department</option>
            @for (option of departmentChoices(); track option.id) {
              <option [value]="option.id">{{ option.label }}</option>
            }
          </select>
          @if (fieldError('departmentId'); as message) {
            <mat-error>{{ message }}</mat-error>
          } @else {
            <mat-hint>A rule only ever selects people in this department and under it</mat-hint>
          }
        </mat-form-field>
      </div>
      <mat-form-field appearance="outline" class="cohort-description">
        <mat-label>Description (optional)</mat-label>
        <textarea matInput id="cohort-description" formControlName="description" rows="2"></textarea>
        @if (fieldError('description'); as message) {
          <mat-error>{{ message }}</mat-error>
        }
      </mat-form-field>

      @if (!editingId) {
        <fieldset class="cohort-kind">
          <legend>How people join</legend>
          <span><input type="radio" id="cohort-kind-static" value="static" formControlName="kind" /><label for="cohort-kind-static">I choose the people (add them or paste a list)</label></span>
          <span><input type="radio" id="cohort-kind-rule" value="rule" formControlName="kind" /><label for="cohort-kind-rule">By rule (everyone who matches, kept up to date)</label></span>
        </fieldset>
      }

      @if (kind() === 'rule') {
        <section aria-labelledby="rule-heading">
          <h2 id="rule-heading">Rule</h2>
          <equip-cohort-rule-editor
            [departments]="store.departments.value() ?? []"
            [initialRule]="initialRule()"
            [managers]="managerOptions()"
            [fieldErrors]="ruleErrors()"
            [jobClassChoices]="store.ruleChoices.value()?.jobClasses ?? []"
            [workLocationChoices]="store.ruleChoices.value()?.workLocations ?? []"
            (ruleChange)="rule.set($event)"
            (findManager)="store.findManagers($event)"
          />
          <div class="equip-actions">
            <button matButton="outlined" type="button" (click)="preview()">Preview</button>
          </div>
          <div id="cohort-preview" tabindex="-1" class="cohort-preview">
            <p role="status" class="equip-status">{{ previewStatus() }}</p>
            @if (store.preview.value(); as result) {
              @if (result.people.length) {
                <div class="equip-table-scroll">
                  <table class="equip-table">
                    <caption>
                      First {{ result.people.length }} of {{ result.count }} people who match
                    </caption>
                    <thead>
                      <tr>
                        <th scope="col">Name</th>
                        <th scope="col">Department</th>
                        <th scope="col">Job title</th>
                        <th scope="col">Job class</th>
                      </tr>
                    </thead>
                    <tbody>
                      @for (person of result.people; track person.id) {
                        <tr>
                          <th scope="row">{{ person.lastName }}, {{ person.firstName }}</th>
                          <td>{{ person.department.name }} <span class="equip-code">({{ person.department.code }})</span></td>
                          <td>{{ person.jobTitle ?? 'Not recorded' }}</td>
                          <td>{{ person.jobClass ?? 'Not recorded' }}</td>
                        </tr>
                      }
                    </tbody>
                  </table>
                </div>
              }
            }
          </div>
        </section>
      }

      <div class="equip-actions">
        <button matButton="filled" type="submit" [disabled]="store.busy()" disabledInteractive>{{ editingId ? 'Save changes' : 'Create cohort' }}</button>
        <a matButton="outlined" routerLink="..">Cancel</a>
      </div>
    </form>
  `,
  styles: `
    .cohort-description {
      width: 100%;
    }
    .cohort-kind {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      padding: 0.75rem 1rem;
      margin: 0 0 1.5rem;
      min-width: 0;
      display: flex;
      flex-direction: column;
      gap: 0.25rem;
    }
    .cohort-kind span {
      display: flex;
      align-items: center;
      gap: 0.5rem;
    }
    .cohort-kind input {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
      flex: none;
    }
    .cohort-preview:focus:not(:focus-visible) {
      outline: none;
    }
    h2 {
      font: var(--mat-sys-title-large);
    }
  `,
})
export class CohortEditorPage {
  protected readonly store = inject(CohortEditorStore);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly document = inject(DOCUMENT);

  protected readonly editingId = this.route.snapshot.paramMap.get('id') ?? this.route.parent?.snapshot.paramMap.get('id') ?? null;
  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', [Validators.required, Validators.maxLength(200)]],
    description: ['', Validators.maxLength(2000)],
    departmentId: ['', Validators.required],
    kind: 'rule' as CohortKind,
  });
  private readonly kindValue = signal<CohortKind>('rule');
  protected readonly kind = computed(() => (this.editingId ? (this.store.cohort.value()?.kind ?? 'static') : this.kindValue()));
  protected readonly rule = signal<CohortRule>({ activeOnly: true });
  protected readonly initialRule = computed(() => this.store.cohort.value()?.rule ?? null);
  protected readonly heading = computed(() => {
    if (!this.editingId) return 'New cohort';
    const cohort = this.store.cohort.value();
    return cohort ? `Edit ${cohort.name}` : 'Edit cohort';
  });
  protected readonly departmentChoices = computed(() => {
    const departments = this.store.departments.value() ?? [];
    return departments.length ? departmentOptions(departments) : [];
  });
  protected readonly managerOptions = computed<ManagerOption[]>(() =>
    (this.store.managers.value()?.items ?? []).map((p) => ({ id: p.id, label: `${p.lastName}, ${p.firstName} — ${p.jobTitle ?? p.department.name}` })),
  );
  private readonly problem = signal<Problem | null>(null);
  private readonly clientErrors = signal<readonly ErrorSummaryItem[]>([]);
  protected readonly errors = computed<readonly ErrorSummaryItem[]>(() => {
    const problem = this.problem();
    const server: ErrorSummaryItem[] = !problem
      ? []
      : problem.errors?.length
        ? problem.errors.map(({ field, message }) => ({ message, target: FIELD_IDS[field] }))
        : [{ message: problem.detail ?? problem.title }];
    return [...this.clientErrors(), ...server];
  });
  protected readonly ruleErrors = computed(() => {
    const errors: Record<string, string> = {};
    for (const { field, message } of this.problem()?.errors ?? []) if (field.startsWith('rule.')) errors[field] = message;
    return errors;
  });
  protected readonly previewStatus = computed(() => {
    const preview = this.store.preview;
    if (preview.loading()) return 'Finding who matches…';
    const error = preview.error();
    if (error) return `The preview failed: ${error.problem.errors?.map((e) => e.message).join('; ') || error.problem.detail || error.problem.title}`;
    const result = preview.value();
    if (!result) return '';
    return result.count === 1 ? '1 person matches this rule.' : `${result.count} people match this rule.`;
  });

  constructor() {
    this.store.load(this.editingId ?? undefined);
    this.form.controls.kind.valueChanges.subscribe((kind) => this.kindValue.set(kind));
    effect(() => {
      const cohort = this.store.cohort.value();
      if (!cohort) return;
      untracked(() => {
        this.form.setValue({ name: cohort.name, description: cohort.description ?? '', departmentId: cohort.department?.id ?? '', kind: cohort.kind });
        if (cohort.rule) this.rule.set(cohort.rule);
      });
    });
    // With a single department in scope, it is the only choice.
    effect(() => {
      const choices = this.departmentChoices();
      if (!this.editingId && choices.length === 1) untracked(() => this.form.controls.departmentId.setValue(choices[0].id));
    });
  }

  protected fieldError(field: CohortField): string | null {
    const control = this.form.controls[field];
    if (control.hasError('server')) return control.getError('server') as string;
    if (!control.touched) return null;
    if (control.hasError('required')) return field === 'name' ? 'Enter a name for the cohort' : 'Choose the department that owns the cohort';
    if (control.hasError('maxlength')) return field === 'name' ? 'Use 200 characters or fewer' : 'Use 2,000 characters or fewer';
    return null;
  }

  protected preview(): void {
    const departmentId = this.form.controls.departmentId.value;
    if (!departmentId) {
      this.form.controls.departmentId.markAsTouched();
      this.clientErrors.set([{ message: 'Choose the owning department before previewing', target: 'cohort-department' }]);
      this.focusSoon('#cohort-errors [tabindex]');
      return;
    }
    this.clientErrors.set([]);
    this.store.runPreview({ departmentId, rule: this.rule() });
    this.focusSoon('#cohort-preview');
  }

  protected async save(): Promise<void> {
    if (this.store.busy()) return;
    this.problem.set(null);
    if (this.form.invalid) {
      this.form.markAllAsTouched();
      this.clientErrors.set(
        fieldErrorItems(['name', 'departmentId', 'description'] as const, (field) => this.fieldError(field), (field) => FIELD_IDS[field]),
      );
      this.focusSoon('#cohort-errors [tabindex]');
      return;
    }
    this.clientErrors.set([]);
    const { name, description, departmentId } = this.form.getRawValue();
    try {
      if (this.editingId) {
        const request: UpdateCohortRequest = { name: name.trim(), description: description.trim() || null, departmentId };
        if (this.kind() === 'rule') request.rule = this.rule();
        await this.store.update(this.editingId, request);
        await this.router.navigate(['..'], { relativeTo: this.route });
      } else {
        const kind = this.kind();
        const request: CreateCohortRequest = { name: name.trim(), description: description.trim() || null, departmentId, kind };
        if (kind === 'rule') request.rule = this.rule();
        const cohort = await this.store.create(request);
        await this.router.navigate(['..', cohort.id], { relativeTo: this.route });
      }
    } catch (error) {
      this.showProblem(error instanceof ApiError ? error.problem : toProblem(error));
    }
  }

  private showProblem(problem: Problem): void {
    this.problem.set(problem);
    for (const { field, message } of problem.errors ?? []) {
      if (field !== 'name' && field !== 'description' && field !== 'departmentId') continue;
      const control = this.form.controls[field];
      control.setErrors({ ...control.errors, server: message });
      control.markAsTouched();
    }
    this.focusSoon('#cohort-errors [tabindex]');
  }

  /** Focuses an element once it has rendered (after change detection). */
  private focusSoon(selector: string): void {
    setTimeout(() => this.document.querySelector<HTMLElement>(selector)?.focus());
  }
}
