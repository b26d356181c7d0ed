import { ChangeDetectionStrategy, Component } from '@angular/core';
import { RouterLink } from '@angular/router';
import { PageHeader } from '@equip/web/shared/ui';

@Component({
  selector: 'equip-not-found',
  imports: [PageHeader, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <equip-page-header heading="Page not found">
      <p>There is no page at this address. If you typed it, check it for mistakes.</p>
    </equip-page-header>
    <p><a routerLink="/">Go to your home page</a></p>
  `,
})
export class NotFound {}
