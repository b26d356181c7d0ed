import { ChangeDetectionStrategy, Component, type Signal, computed, effect, inject, input, output, signal, untracked } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { type FormGroup, NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatError, MatFormField, MatHint, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import type { CohortRule, DepartmentNode, ManagerScope } from '@equip/shared/contracts';

/** How the hire date narrows the rule. */
export type HiredMode = 'any' | 'between' | 'within';

/** The rule editor's fields as typed; `buildRule` turns them into the api's `CohortRule`. */
export interface RuleFormValue {
  departmentIds: string[];
  /** Comma- or line-separated. */
  jobClasses: string;
  jobTitleContains: string;
  /** Comma- or line-separated. */
  workLocations: string;
  hired: HiredMode;
  hiredAfter: string;
  hiredBefore: string;
  /** A number input gives a number (or null when empty). */
  hiredWithinDays: string | number | null;
  managerId: string;
  managerScope: ManagerScope;
  activeOnly: boolean;
}

/** A choice of manager, found by the page (a staff search). */
export interface ManagerOption {
  id: string;
  label: string;
}

function list(text: string): string[] {
  return [...new Set(text.split(/[,;\n]/).map((item) => item.trim()).filter(Boolean))];
}

/** The `CohortRule` the fields describe: empty fields are left out, so they do not restrict. */
export function buildRule(value: RuleFormValue): CohortRule {
  const rule: CohortRule = { activeOnly: value.activeOnly };
  if (value.departmentIds.length) rule.departmentIds = [...value.departmentIds];
  const jobClasses = list(value.jobClasses);
  if (jobClasses.length) rule.jobClasses = jobClasses;
  const title = value.jobTitleContains.trim();
  if (title) rule.jobTitleContains = title;
  const locations = list(value.workLocations);
  if (locations.length) rule.workLocations = locations;
  if (value.hired === 'between') {
    if (value.hiredAfter) rule.hiredAfter = value.hiredAfter;
    if (value.hiredBefore) rule.hiredBefore = value.hiredBefore;
  } else if (value.hired === 'within') {
    const days = Number(value.hiredWithinDays);
    if (value.hiredWithinDays !== '' && value.hiredWithinDays !== null && Number.isFinite(days)) rule.hiredWithinDays = days;
  }
  if (value.managerId) {
    rule.managerId = value.managerId;
    rule.managerScope = value.managerScope;
  }
  return rule;
}

/** The fields for an existing rule (or a new one: active staff, no other criterion). */
export function ruleFormValue(rule: CohortRule | null | undefined): RuleFormValue {
  const r = rule ?? {};
  return {
    departmentIds: r.departmentIds ?? [],
    jobClasses: (r.jobClasses ?? []).join(', '),
    jobTitleContains: r.jobTitleContains ?? '',
    workLocations: (r.workLocations ?? []).join(', '),
    hired: r.hiredWithinDays ? 'within' : r.hiredAfter || r.hiredBefore ? 'between' : 'any',
    hiredAfter: r.hiredAfter ?? '',
    hiredBefore: r.hiredBefore ?? '',
    hiredWithinDays: r.hiredWithinDays ? String(r.hiredWithinDays) : '',
    managerId: r.managerId ?? '',
    managerScope: r.managerScope ?? 'direct',
    activeOnly: r.activeOnly ?? true,
  };
}

/** The element id of each rule field, for the page's error summary (`rule.<field>` → id). */
export const RULE_FIELD_IDS: Record<string, string> = {
  'rule.departmentIds': 'rule-departments',
  'rule.jobClasses': 'rule-job-classes',
  'rule.jobTitleContains': 'rule-job-title',
  'rule.workLocations': 'rule-work-locations',
  'rule.hiredAfter': 'rule-hired-after',
  'rule.hiredBefore': 'rule-hired-before',
  'rule.hiredWithinDays': 'rule-hired-within',
  'rule.managerId': 'rule-manager',
  'rule.managerScope': 'rule-manager-scope',
  'rule.activeOnly': 'rule-active-only',
};

/**
 * The criteria of a rule cohort: who it selects. Every present criterion must hold; within a list
 * any value matches. Emits the rule on every change (the page previews and saves it) and asks the
 * page to find managers by name. Field messages from the api (`rule.<field>`) show by their fields.
 */
@Component({
  selector: 'equip-cohort-rule-editor',
  imports: [ReactiveFormsModule, MatFormField, MatLabel, MatHint, MatError, MatInput, MatButton],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div [formGroup]="form" class="rule-editor">
      <fieldset class="rule-group" id="rule-departments" tabindex="-1" [attr.aria-describedby]="errorFor('rule.departmentIds') ? 'rule-departments-error' : 'rule-departments-hint'">
        <legend>Departments</legend>
        <p class="equip-hint" id="rule-departments-hint">Each includes its divisions and sections. Choose none for the whole owning department.</p>
        @if (errorFor('rule.departmentIds'); as message) {
          <p class="rule-error" id="rule-departments-error">{{ message }}</p>
        }
        <ul class="rule-checkboxes">
          @for (department of departmentChoices(); track department.id) {
            <li [style.padding-inline-start.rem]="department.indent * 1.25">
              <input
                type="checkbox"
                [id]="'rule-department-' + department.id"
                [checked]="isDepartmentChosen(department.id)"
                (change)="toggleDepartment(department.id, $any($event.target).checked)"
              />
              <label [for]="'rule-department-' + department.id">{{ department.name }} ({{ department.code }})</label>
            </li>
          }
        </ul>
      </fieldset>

      <fieldset class="rule-group">
        <legend>Job</legend>
        <div class="equip-filters">
          <mat-form-field appearance="outline">
            <mat-label>Job classes</mat-label>
            <input matInput id="rule-job-classes" formControlName="jobClasses" autocomplete="off" list="rule-job-class-choices" />
            @if (errorFor('rule.jobClasses'); as message) {
              <mat-error>{{ message }}</mat-error>
            } @else {
              <mat-hint>Separate with commas{{ jobClassExamples() }}</mat-hint>
            }
          </mat-form-field>
          <datalist id="rule-job-class-choices">
            @for (choice of jobClassChoices(); track choice.value) {
              <option [value]="choice.value">{{ choice.value }} ({{ choice.count }})</option>
            }
          </datalist>
          <mat-form-field appearance="outline">
            <mat-label>Job title contains</mat-label>
            <input matInput id="rule-job-title" formControlName="jobTitleContains" autocomplete="off" />
            @if (errorFor('rule.jobTitleContains'); as message) {
              <mat-error>{{ message }}</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Work locations</mat-label>
            <input matInput id="rule-work-locations" formControlName="workLocations" autocomplete="off" list="rule-work-location-choices" />
            @if (errorFor('rule.workLocations'); as message) {
              <mat-error>{{ message }}</mat-error>
            } @else {
              <mat-hint>Separate with commas</mat-hint>
            }
          </mat-form-field>
          <datalist id="rule-work-location-choices">
            @for (choice of workLocationChoices(); track choice.value) {
              <option [value]="choice.value">{{ choice.value }} ({{ choice.count }})</option>
            }
          </datalist>
        </div>
        <div role="status" class="rule-unknown">
          @for (warning of unknownValues(); track warning) {
            <p class="rule-error">{{ warning }}</p>
          }
        </div>
      </fieldset>

      <fieldset class="rule-group">
        <legend>Hire date</legend>
        <div class="rule-radios">
          <span><input type="radio" id="rule-hired-any" value="any" formControlName="hired" /><label for="rule-hired-any">Any hire date</label></span>
          <span><input type="radio" id="rule-hired-between" value="between" formControlName="hired" /><label for="rule-hired-between">Hired between dates</label></span>
          <span><input type="radio" id="rule-hired-within-mode" value="within" formControlName="hired" /><label for="rule-hired-within-mode">Hired within the last N days</label></span>
        </div>
        @if (hired() === 'between') {
          <div class="equip-filters">
            <mat-form-field appearance="outline">
              <mat-label>Hired on or after</mat-label>
              <input matInput type="date" id="rule-hired-after" formControlName="hiredAfter" />
              @if (errorFor('rule.hiredAfter'); as message) {
                <mat-error>{{ message }}</mat-error>
              }
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Hired on or before</mat-label>
              <input matInput type="date" id="rule-hired-before" formControlName="hiredBefore" />
              @if (errorFor('rule.hiredBefore'); as message) {
                <mat-error>{{ message }}</mat-error>
              }
            </mat-form-field>
          </div>
        } @else if (hired() === 'within') {
          <div class="equip-filters">
            <mat-form-field appearance="outline">
              <mat-label>Days since hire</mat-label>
              <input matInput type="number" min="1" inputmode="numeric" id="rule-hired-within" formControlName="hiredWithinDays" />
              @if (errorFor('rule.hiredWithinDays'); as message) {
                <mat-error>{{ message }}</mat-error>
              } @else {
                <mat-hint>Checked again whenever membership is recomputed</mat-hint>
              }
            </mat-form-field>
          </div>
        }
      </fieldset>

      <fieldset class="rule-group">
        <legend>Manager</legend>
        <div class="equip-filters">
          <mat-form-field appearance="outline">
            <mat-label>Find a manager by name or email</mat-label>
            <input matInput id="rule-manager-search" #managerSearch autocomplete="off" (keydown.enter)="$event.preventDefault(); findManager.emit(managerSearch.value)" />
          </mat-form-field>
          <div class="equip-actions">
            <button matButton="outlined" type="button" (click)="findManager.emit(managerSearch.value)">Find manager</button>
          </div>
          <mat-form-field appearance="outline">
            <mat-label>Manager</mat-label>
            <select matNativeControl id="rule-manager" formControlName="managerId">
              <option value="">Anyone (no manager criterion)</option>
              @for (manager of managerChoices(); track manager.id) {
                <option [value]="manager.id">{{ manager.label }}</option>
              }
            </select>
            @if (errorFor('rule.managerId'); as message) {
              <mat-error>{{ message }}</mat-error>
            }
          </mat-form-field>
        </div>
        @if (managerId()) {
          <fieldset class="rule-group rule-group--inner" id="rule-manager-scope">
            <legend>Which reports</legend>
            <div class="rule-radios">
              <span><input type="radio" id="rule-manager-direct" value="direct" formControlName="managerScope" /><label for="rule-manager-direct">Direct reports only</label></span>
              <span><input type="radio" id="rule-manager-chain" value="chain" formControlName="managerScope" /><label for="rule-manager-chain">Their whole reporting chain</label></span>
            </div>
          </fieldset>
        }
      </fieldset>

      <p class="rule-active">
        <input type="checkbox" id="rule-active-only" formControlName="activeOnly" />
        <label for="rule-active-only">Active staff only</label>
      </p>
    </div>
  `,
  styles: `
    .rule-group {
      border: 1px solid var(--mat-sys-outline-variant);
      border-radius: 4px;
      padding: 0.75rem 1rem;
      margin: 0 0 1rem;
      min-width: 0;
    }
    .rule-group--inner {
      margin-block-start: 0.5rem;
    }
    legend {
      font: var(--mat-sys-title-small);
      padding-inline: 0.25rem;
    }
    .rule-checkboxes {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .rule-checkboxes li,
    .rule-radios span,
    .rule-active {
      display: flex;
      align-items: center;
      gap: 0.5rem;
      min-height: 2rem;
    }
    .rule-radios {
      display: flex;
      flex-wrap: wrap;
      gap: 0.25rem 1.5rem;
      margin-block-end: 0.75rem;
    }
    input[type='checkbox'],
    input[type='radio'] {
      width: 1.25rem;
      height: 1.25rem;
      margin: 0;
      flex: none;
    }
    .rule-error {
      color: var(--mat-sys-error);
      font-weight: 600;
    }
    .rule-error::before {
      content: 'Error: ';
    }
  `,
})
export class CohortRuleEditor {
  /** Departments in the lead's scope, parents first, with depth (`GET /api/departments`). */
  readonly departments = input.required<readonly DepartmentNode[]>();
  /** The rule to start from (editing), or none (a new rule). */
  readonly initialRule = input<CohortRule | null>(null);
  readonly managers = input<readonly ManagerOption[]>([]);
  /** The api's field messages, keyed by field (`rule.jobClasses`). */
  readonly fieldErrors = input<Readonly<Record<string, string>>>({});
  /** The city's job classes among the people the lead may see (`GET /api/cohort-rule-choices`), most common first. */
  readonly jobClassChoices = input<readonly RuleChoice[]>([]);
  readonly workLocationChoices = input<readonly RuleChoice[]>([]);
  readonly ruleChange = output<CohortRule>();
  readonly findManager = output<string>();

  protected readonly form = inject(NonNullableFormBuilder).group({
    departmentIds: [[] as string[]],
    jobClasses: '',
    jobTitleContains: '',
    workLocations: '',
    hired: 'any' as HiredMode,
    hiredAfter: '',
    hiredBefore: '',
    hiredWithinDays: '' as string | number | null,
    managerId: '',
    managerScope: 'direct' as ManagerScope,
    activeOnly: true,
  });
  private readonly value = signalFrom(this.form);
  protected readonly hired = computed(() => this.value().hired);
  protected readonly managerId = computed(() => this.value().managerId);

  protected readonly jobClassExamples = computed(() => {
    const top = this.jobClassChoices().slice(0, 3).map((c) => c.value);
    return top.length ? `, e.g. ${top.join(', ')}` : ', e.g. Trades, Technical';
  });
  /** A typed value nobody has matches nobody: said at once, with the nearest real ones. */
  protected readonly unknownValues = computed(() => [
    ...unknownWarnings(list(this.value().jobClasses), this.jobClassChoices(), 'job class'),
    ...unknownWarnings(list(this.value().workLocations), this.workLocationChoices(), 'work location'),
  ]);

  protected readonly departmentChoices = computed(() => {
    const departments = this.departments();
    const top = Math.min(...departments.map((d) => d.depth));
    return departments.map((d) => ({ id: d.id, name: d.name, code: d.code, indent: d.depth - top }));
  });
  protected readonly managerChoices = computed(() => {
    const managers = this.managers();
    const chosen = this.value().managerId;
    // Keep the chosen manager listed while the page searches for others.
    if (chosen && !managers.some((m) => m.id === chosen)) return [{ id: chosen, label: 'The current manager' }, ...managers];
    return managers;
  });

  constructor() {
    effect(() => {
      const rule = this.initialRule();
      untracked(() => this.form.setValue(ruleFormValue(rule)));
    });
    this.form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => this.ruleChange.emit(this.rule()));
    // The api's messages mark their fields invalid (until the field changes), so they show by them.
    effect(() => {
      const errors = this.fieldErrors();
      untracked(() => {
        for (const [field, message] of Object.entries(errors)) {
          const name = field.replace(/^rule\./, '') as keyof RuleFormValue;
          const control = this.form.controls[name];
          if (!control || name === 'departmentIds') continue;
          control.setErrors({ server: message });
          control.markAsTouched();
        }
      });
    });
  }

  /** The rule as the fields describe it now. */
  rule(): CohortRule {
    return buildRule(this.form.getRawValue());
  }

  protected errorFor(field: string): string | null {
    return this.fieldErrors()[field] ?? null;
  }

  protected isDepartmentChosen(id: string): boolean {
    return this.value().departmentIds.includes(id);
  }

  protected toggleDepartment(id: string, checked: boolean): void {
    const control = this.form.controls.departmentIds;
    const others = control.value.filter((d) => d !== id);
    control.setValue(checked ? [...others, id] : others);
  }
}

/** The form's raw value as a signal, updated on every change (including `setValue`). */
function signalFrom(form: FormGroup): Signal<RuleFormValue> {
  const value = signal(form.getRawValue() as RuleFormValue);
  form.valueChanges.pipe(takeUntilDestroyed()).subscribe(() => value.set(form.getRawValue() as RuleFormValue));
  return value.asReadonly();
}

/** One of the city's values for a rule criterion, with how many people have it. */
export interface RuleChoice {
  value: string;
  count: number;
}

/**
 * "No one you can see has the job class “Trade”. Did you mean Trades?" for each typed value that
 * matches no choice (ignoring case, as the rule does). Nothing is said while the choices are unknown.
 */
export function unknownWarnings(values: readonly string[], choices: readonly RuleChoice[], what: string): string[] {
  if (!choices.length) return [];
  const known = new Set(choices.map((c) => c.value.toLowerCase()));
  return values
    .filter((v) => !known.has(v.toLowerCase()))
    .map((v) => {
      const needle = v.toLowerCase();
      const near = choices.filter((c) => c.value.toLowerCase().includes(needle) || needle.includes(c.value.toLowerCase())).slice(0, 3).map((c) => c.value);
      return `No one you can see has the ${what} “${v}”; it would match nobody.${near.length ? ` Did you mean ${near.join(' or ')}?` : ''}`;
    });
}
