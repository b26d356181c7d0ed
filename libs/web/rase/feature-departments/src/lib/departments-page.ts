import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { DepartmentsStore } from '@equip/web/rase/data-access';
import { DepartmentTree } from '@equip/web/rase/ui';
import { SessionStore } from '@equip/web/shared/data-access';
import { ErrorSummary, PageHeader } from '@equip/web/shared/ui';

/** Where the people list lives; a RASE administrator's department names link to it. */
const PEOPLE_PATH = '/rase/people';

/**
 * The city's departments, divisions and sections as a tree, with each unit's code, kind and active
 * staff. A RASE administrator can open the people in any unit; a viewer sees the tree only (viewers
 * see no person-level data).
 */
@Component({
  selector: 'equip-departments-page',
  imports: [PageHeader, ErrorSummary, DepartmentTree],
  providers: [DepartmentsStore],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Departments">
      <p>
        The city's organisation as the roster describes it. Active staff counts people in each unit itself, not in the
        units under it.
        @if (isAdministrator()) {
          Select a name to see the people in that unit and everything under it.
        }
      </p>
    </equip-page-header>

    @if (departments.error(); as error) {
      <equip-error-summary [items]="[{ message: error.problem.detail ?? error.problem.title }]" />
    } @else if (departments.value(); as list) {
      @if (list.length) {
        <equip-department-tree [departments]="list" [peopleLink]="isAdministrator() ? peoplePath : null" />
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
