import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { DepartmentsStore } from '@equip/web/rase/data-access';
import { DepartmentTree } from '@equip/web/rase/ui';
import { SessionStore } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

/** Where the people list lives; a RASE administrator's department names link to it. */
const PEOPLE_PATH = '/rase/people';

/**
 * The city's departments, divisions and sections as a tree, with each unit's code, kind, active
 * staff (its own and with the units under it) and — for a RASE administrator — its leads, linked
 * to their pages, or that it has none. A RASE administrator can open the people in any unit; a
 * viewer sees the tree with no names and no counts it may not see exactly.
 */
@Component({
  selector: 'equip-departments-page',
  imports: [PageHeader, ErrorSummary, DepartmentTree],
  providers: [DepartmentsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Departments">
      <p>
        The city's organization as the roster describes it.
        @if (isAdministrator()) {
          Each unit shows its active staff ("here") and, when units sit under it, the count with them; who leads it, or
          that it has no equity lead. Select a unit's name to see its people and everyone under it, or a lead's name to
          open their page.
        } @else {
          Staff counts are shown where you see exact figures; names of people are not shown here.
        }
      </p>
    </equip-page-header>

    @if (departments.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    } @else if (departments.value(); as list) {
      @if (list.length) {
        <equip-department-tree
          [departments]="list"
          [peopleLink]="isAdministrator() ? peoplePath : null"
          [personLink]="isAdministrator() ? peoplePath : null"
        />
      } @else {
        <p>No departments yet: they are created by the first roster import.</p>
      }
    } @else {
      <p role="status">Loading departments…</p>
    }
  `,
})
export class DepartmentsPage {
  private readonly store = inject(DepartmentsStore);
  private readonly session = inject(SessionStore);

  protected readonly departments = this.store.departments;
  protected readonly peoplePath = PEOPLE_PATH;
  protected readonly isAdministrator = computed(() => this.session.user()?.roles.includes('rase_admin') ?? false);

  constructor() {
    this.store.load();
  }
}
