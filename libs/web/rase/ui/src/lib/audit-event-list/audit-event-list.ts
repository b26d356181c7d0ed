import { ChangeDetectionStrategy, Component, input } from '@angular/core';
import { RouterLink } from '@angular/router';
import type { AuditEventView, AuditLink } from '@equip/shared/contracts';

/** Where a name in an audit sentence leads: the person, cohort or department page, or the course. */
export function auditLinkPath(link: AuditLink): string {
  const ref = encodeURIComponent(link.ref);
  switch (link.kind) {
    case 'staff':
      return `/rase/people/${ref}`;
    case 'cohort':
      return `/rase/dashboard/cohorts/${ref}`;
    case 'department':
      return `/rase/dashboard/departments/${ref}`;
    case 'course':
      return `/learn/courses/${ref}`;
    case 'track':
      return `/learn/tracks/${ref}`;
  }
}

/**
 * A page of audit events, each as a sentence (who did what to whom, names linked), when it happened
 * in city time, the subject's department then, and before → after as a field list (just the value when there was
 * none before). A list of
 * cards rather than a table, so it reads the same at phone width.
 */
@Component({
  selector: 'equip-audit-event-list',
  imports: [RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ol class="audit-events" [attr.aria-label]="label()" [attr.aria-busy]="busy()">
      @for (event of events(); track event.id) {
        <li class="audit-event">
          <!-- One line on purpose: whitespace between the parts would show before a colon. -->
          <p class="audit-sentence">@for (part of event.summary; track $index) {@if (part.link; as link) {<a [routerLink]="path(link)">{{ part.text }}</a>} @else {<span>{{ part.text }}</span>}}</p>
          <p class="audit-meta">
            <time [attr.datetime]="event.at">{{ event.occurredAt }}</time>
            <span aria-hidden="true"> · </span><span class="equip-visually-hidden">, </span>{{ event.actionLabel }}
            @if (event.department; as department) {
              <span aria-hidden="true"> · </span><span class="equip-visually-hidden">, </span>{{ department.name }}
            }
          </p>
          @if (event.changes.length) {
            <dl class="audit-changes">
              @for (change of event.changes; track change.field) {
                <div>
                  <dt>{{ change.label }}</dt>
                  <dd>
                    @if (change.before !== null) {
                      <span class="audit-before">{{ change.before }}</span>
                      <span aria-hidden="true"> → </span><span class="equip-visually-hidden"> changed to </span>
                    }
                    <span>{{ change.after ?? 'Nothing' }}</span>
                  </dd>
                </div>
              }
            </dl>
          }
        </li>
      }
    </ol>
  `,
  styles: `
    .audit-events {
      list-style: none;
      margin: 0;
      padding: 0;
    }
    .audit-event {
      border-bottom: 1px solid var(--mat-sys-outline-variant);
      padding: 0.75rem 0;
    }
    .audit-sentence {
      margin: 0 0 0.25rem;
      overflow-wrap: anywhere;
    }
    .audit-meta {
      margin: 0;
      color: var(--mat-sys-on-surface-variant);
      font-size: 0.875rem;
    }
    .audit-changes {
      display: grid;
      gap: 0.25rem;
      margin: 0.5rem 0 0;
      font-size: 0.875rem;
    }
    .audit-changes div {
      display: grid;
      grid-template-columns: minmax(8rem, 12rem) 1fr;
      gap: 0.5rem;
    }
    .audit-changes dt {
      font-weight: 600;
    }
    .audit-changes dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .audit-before {
      color: var(--mat-sys-on-surface-variant);
    }
    @media (max-width: 599px) {
      .audit-changes div {
        grid-template-columns: 1fr;
        gap: 0;
      }
    }
  `,
})
export class AuditEventList {
  readonly events = input.required<readonly AuditEventView[]>();
  /** The list's accessible name, e.g. "Audit events, page 1 of 3". */
  readonly label = input.required<string>();
  readonly busy = input(false);

  protected readonly path = auditLinkPath;
}
