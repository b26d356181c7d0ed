import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';
import type { RosterEncoding, RosterLineEnds, RosterRead, RosterSeparator, RosterWarning } from '@equip/shared/contracts';

const ENCODINGS: Record<RosterEncoding, string> = {
  'UTF-8': 'UTF-8',
  'UTF-16LE': 'UTF-16 (little-endian), as Excel saves “Unicode text”',
  'UTF-16BE': 'UTF-16 (big-endian)',
  'Windows-1252': 'Windows-1252, as Excel saves plain “CSV” (not UTF-8)',
};
const SEPARATORS: Record<RosterSeparator, string> = { comma: 'commas', semicolon: 'semicolons', tab: 'tabs' };
const LINE_ENDS: Record<RosterLineEnds, string> = {
  LF: 'LF (Mac and Linux)',
  CRLF: 'CRLF (Windows)',
  CR: 'CR alone (older Mac)',
  mixed: 'a mix of CR, LF and CRLF',
  none: 'none (the file is one line)',
};
// A hire date is a calendar day, not an instant: shown as that day, whatever the time zone.
const dayFormat = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', dateStyle: 'long' });

/** A roster date (YYYY-MM-DD) as people read it: "March 4, 2019". */
export function readableDay(day: string): string {
  return dayFormat.format(new Date(`${day}T00:00:00Z`));
}

/** What the import assumed in reading the file: encoding, separator, line ends, headers and the first dates. */
@Component({
  selector: 'equip-roster-read',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    @let r = read();
    <section class="roster-read" aria-labelledby="roster-read-heading">
      <h2 id="roster-read-heading">How the file was read</h2>
      <dl class="roster-read__facts">
        <div>
          <dt>Encoding</dt>
          <dd>{{ encoding() }}</dd>
        </div>
        <div>
          <dt>Values separated by</dt>
          <dd>{{ separator() }}</dd>
        </div>
        <div>
          <dt>Line ends</dt>
          <dd>{{ lineEnds() }}</dd>
        </div>
        <div>
          <dt>Dates like 3/4/2019</dt>
          <dd>{{ dateOrder() }}</dd>
        </div>
      </dl>

      @if (warnings().length) {
        <ul class="roster-read__warnings" aria-label="Warnings">
          @for (warning of warnings(); track $index) {
            <li>Line {{ warning.line }}: {{ warning.message }}</li>
          }
        </ul>
      }

      @if (r.headerMatches.length) {
        <div class="equip-table-scroll">
          <table class="equip-table">
            <caption>
              Columns read from the header
            </caption>
            <thead>
              <tr>
                <th scope="col">Roster column</th>
                <th scope="col">Header in the file</th>
              </tr>
            </thead>
            <tbody>
              @for (match of r.headerMatches; track match.column) {
                <tr>
                  <th scope="row"><code>{{ match.column }}</code></th>
                  <td>{{ match.header }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }

      @if (r.dateSamples.length) {
        <div class="equip-table-scroll">
          <table class="equip-table">
            <caption>
              How the first dates were read
            </caption>
            <thead>
              <tr>
                <th scope="col">Line</th>
                <th scope="col">Column</th>
                <th scope="col">As written</th>
                <th scope="col">Read as</th>
              </tr>
            </thead>
            <tbody>
              @for (sample of dateSamples(); track sample.line) {
                <tr>
                  <th scope="row">{{ sample.line }}</th>
                  <td><code>{{ sample.column }}</code></td>
                  <td>{{ sample.written }}</td>
                  <td>{{ sample.readable }}</td>
                </tr>
              }
            </tbody>
          </table>
        </div>
      }
    </section>
  `,
  styles: `
    .roster-read {
      margin-block-end: 1.5rem;
    }
    .roster-read h2 {
      font: var(--mat-sys-title-large);
      margin: 0 0 0.5rem;
    }
    .roster-read__facts {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr));
      gap: 0.5rem 1.5rem;
      margin: 0 0 1rem;
    }
    .roster-read__facts dt {
      font-weight: 600;
    }
    .roster-read__facts dd {
      margin: 0;
      overflow-wrap: anywhere;
    }
    .roster-read__warnings {
      margin: 0 0 1rem;
      padding-inline-start: 1.25rem;
    }
  `,
})
export class RosterReadSummary {
  readonly read = input.required<RosterRead>();
  readonly warnings = input<RosterWarning[]>([]);

  protected readonly encoding = computed(() => {
    const r = this.read();
    return `${ENCODINGS[r.encoding] ?? r.encoding}${r.byteOrderMark ? ', marked at the start of the file' : ''}`;
  });
  protected readonly separator = computed(() => SEPARATORS[this.read().separator] ?? this.read().separator);
  protected readonly lineEnds = computed(() => LINE_ENDS[this.read().lineEnds] ?? this.read().lineEnds);
  protected readonly dateOrder = computed(() =>
    this.read().dateOrder === 'day-first' ? 'day first: 3/4/2019 is April 3, 2019' : 'month first: 3/4/2019 is March 4, 2019',
  );
  protected readonly dateSamples = computed(() => this.read().dateSamples.map((sample) => ({ ...sample, readable: readableDay(sample.read) })));
}
