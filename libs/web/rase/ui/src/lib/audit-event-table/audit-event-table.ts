import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import type { AuditEventView } from '@equip/shared/contracts';

/** Before/after values as indented JSON; "Nothing" for no value. */
export function auditValue(value: unknown): string {
  return value === null || value === undefined ? 'Nothing' : JSON.stringify(value, null, 2);
}

/**
 * A page of audit events as a table: when, who, what and to what; each row's before and after
 * values are in a disclosure (<details>), so the table stays scannable.
 */
@Component({
  selector: 'equip-audit-event-table',
  imports: [DatePipe],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="equip-table-scroll">
      <table class="equip-table audit-table" [attr.aria-busy]="busy()">
        <caption>
          {{ caption() }}
        </caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">Who</th>
            <th scope="col">Action</th>
            <th scope="col">Subject</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          @for (event of events(); track event.id) {
            <tr>
              <th scope="row">
                <time [attr.datetime]="event.at">{{ event.at | date: 'medium' }}</time>
              </th>
              <td>
                @if (event.actor; as actor) {
                  {{ actor.firstName }} {{ actor.lastName }}
                } @else {
                  System
                }
              </td>
              <td><code>{{ event.action }}</code></td>
              <td>
                {{ event.subjectType }}
                @if (event.subjectId) {
                  <br /><code class="audit-id">{{ event.subjectId }}</code>
                }
              </td>
              <td>
                <details>
                  <summary>Before and after<span class="equip-visually-hidden"> ({{ event.action }})</span></summary>
                  <dl class="audit-values">
                    <dt>Before</dt>
                    <dd><pre>{{ value(event.before) }}</pre></dd>
                    <dt>After</dt>
                    <dd><pre>{{ value(event.after) }}</pre></dd>
                    @if (event.ip) {
                      <dt>IP address</dt>
                      <dd>{{ event.ip }}</dd>
                    }
                  </dl>
                </details>
              </td>
            </tr>
          }
        </tbody>
      </table>
    </div>
  `,
  styles: `
    .audit-id {
      font-size: 0.8125rem;
      overflow-wrap: anywhere;
    }
    summary {
      cursor: pointer;
      color: var(--mat-sys-primary);
    }
    .audit-values {
      margin: 0.5rem 0 0;
    }
    .audit-values dt {
      font-weight: 600;
    }
    .audit-values dd {
      margin: 0 0 0.5rem;
    }
    pre {
      margin: 0;
      max-width: 32rem;
      max-height: 16rem;
      overflow: auto;
      white-space: pre-wrap;
      overflow-wrap: anywhere;
      font-size: 0.8125rem;
    }
  `,
})
export class AuditEventTable {
  readonly events = input.required<readonly AuditEventView[]>();
  readonly caption = input.required<string>();
  readonly busy = input(false);

  protected readonly value = auditValue;
}
