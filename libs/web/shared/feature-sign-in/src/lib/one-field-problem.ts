import type { AbstractControl } from '@angular/forms';
import { toProblem } from '@equip/web/shared/data-access';
import type { ErrorSummaryItem } from '@equip/web/shared/ui';

/**
 * What a one-field form shows when its request fails: the api's message for `field` beside the
 * control and in the error summary (linked to `target`), or any other problem in the summary alone.
 */
export function oneFieldProblem(error: unknown, field: string, control: AbstractControl, target: string): ErrorSummaryItem[] {
  const problem = toProblem(error);
  const fieldError = problem.errors?.find((e) => e.field === field);
  if (!fieldError) return [{ message: problem.detail ?? problem.title }];
  control.setErrors({ server: fieldError.message });
  return [{ message: fieldError.message, target }];
}
