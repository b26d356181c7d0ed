import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { ROSTER_COLUMNS } from '@equip/shared/contracts';

/** Columns a roster row must fill in; the others may be empty. */
const REQUIRED = new Set<string>(['employee_id', 'first_name', 'last_name', 'email', 'department_code', 'status']);

/** Describes the roster file: a CSV export from HR with these columns, in any order. */
@Component({
  selector: 'equip-roster-format',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <details class="roster-format">
      <summary>What the roster file must contain</summary>
      <p>
        A CSV file with one row per staff member, every active and inactive person the city employs, saved from Excel
        or your HR system as it comes: "CSV UTF-8", plain "CSV" or "Unicode text", with commas, semicolons or tabs
        between values. The first line is a header naming these columns, in any order:
      </p>
      <p><code class="roster-format__header">{{ header }}</code></p>
      <ol class="roster-format__columns">
        @for (column of columns; track column.name) {
          <li>
            <code>{{ column.name }}</code> — {{ column.required ? 'required' : 'may be empty' }}
          </li>
        }
      </ol>
      <p>
        Headers are matched without regard to case, spaces and punctuation ("Employee ID" is <code>employee_id</code>);
        other columns are ignored. <code>department_code</code> is a department's code as Equip shows it on the
        Departments page; <code>manager_employee_id</code> is another person in the file; <code>hire_date</code> is a
        date as Excel writes it (3/4/2019, 2019-03-04 or Excel's date number); <code>status</code> is
        <code>active</code> or <code>inactive</code>. People missing from the file are deactivated, never deleted.
      </p>
      <p>
        If your export names a column its own way, or writes dates day first,
        <a routerLink="/rase/roster/format">set the roster file format</a>.
      </p>
    </details>
  `,
  styles: `
    .roster-format {
      margin-block-end: 1.5rem;
      max-width: 65ch;
    }
    summary {
      cursor: pointer;
      color: var(--mat-sys-primary);
      font-weight: 600;
    }
    .roster-format__header {
      overflow-wrap: anywhere;
    }
    .roster-format__columns {
      columns: 2 16rem;
    }
  `,
})
export class RosterFormat {
  protected readonly header = ROSTER_COLUMNS.join(',');
  protected readonly columns = ROSTER_COLUMNS.map((name) => ({ name, required: REQUIRED.has(name) }));
}
