import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { InjectReadDataSource } from '@equip/server/database';
import { InvalidInputError, NotFoundError } from '@equip/server/http';
import type { DepartmentProgression, IndicatorRecordView, ProgressionOverview, RecordIndicatorRequest, ReportFigures } from '@equip/shared/contracts';
import { cityDay, monthOf, placeOnProgression, share, type StaffScope } from '@equip/shared/domain';
import { DataSource, EntityManager } from 'typeorm';
import { DashboardRepository, type DepartmentRow } from './dashboard.repository';
import { INDICATORS, type IndicatorsConfig } from './indicators/indicators.provider';
import { Disclosure, ledDepartments } from './disclosure';
import { exactSnapshot, exactStage, type TrueDepartmentStage, type TrueIndicatorValue } from './progression-disclosure';
import { refuseOutsidePublishedSet } from './published-reports';
import { ProgressionRepository, type OwnCount } from './progression.repository';

const CITY: StaffScope = { kind: 'city', actorId: '00000000-0000-0000-0000-000000000000', canWrite: false, personLevel: false };

/**
 * Department equity progression. The units placed on the progression are the departments (kind
 * 'department') in the caller's scope, plus any unit a lead leads; each is measured over its
 * whole subtree. Measured indicators come from the rollups and a few grouped queries; recorded
 * ones are the latest record on or before the day. `snapshotMonth(date)` is what the worker's
 * monthly schedule calls. Snapshots keep true values. Progression is not part of the published
 * figures (a stage bounds a share, and beside a published count that can pin a hidden one): it is
 * shown only for departments the caller sees exactly (`Disclosure`), and 403 otherwise.
 */
@Injectable()
export class ProgressionService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: ProgressionRepository,
    private readonly departments: DashboardRepository,
    private readonly audit: AuditService,
    @Inject(INDICATORS) private readonly config: IndicatorsConfig,
    /** Where the reports read (the read replica when set); writes and the snapshot go to the primary. */
    @Optional() @InjectReadDataSource() private readonly readSource: DataSource = dataSource,
  ) {}

  async overview(scope: StaffScope, query: { figures?: ReportFigures } = {}, now = new Date()): Promise<ProgressionOverview> {
    return this.readSource.transaction('REPEATABLE READ', async (m) => {
      const all = await this.departments.departments(m, scope);
      const disclosure = Disclosure.decide(scope, query.figures, ledDepartments(scope, all));
      const units = all.filter((d) => d.kind === 'department' || (scope.kind === 'departments' && scope.rootDepartmentIds.includes(d.id)));
      const placed = await this.place(m, all, units, now);
      return {
        indicators: this.definitions(),
        stages: this.config.stages,
        // Stages are not in the published set (a stage bounds a share, and with a published count that can pin a hidden
        // one): a protected caller sees only the departments they see exactly.
        departments: placed.filter((p) => disclosure.exactFor(p.department.id)).map(exactStage),
        asOf: now.toISOString(),
        disclosure: disclosure.over(units.map((u) => u.id)),
      };
    });
  }

  async department(scope: StaffScope, departmentId: string, query: { figures?: ReportFigures } = {}, now = new Date()): Promise<DepartmentProgression> {
    return this.readSource.transaction('REPEATABLE READ', async (m) => {
      const all = await this.departments.departments(m, scope);
      const unit = all.find((d) => d.id === departmentId);
      if (!unit) throw new NotFoundError('No such department in your scope.', [{ field: 'departmentId', message: 'not a department you can see' }]);
      const exact = Disclosure.decide(scope, query.figures, ledDepartments(scope, all)).exactFor(unit.id);
      if (!exact) refuseOutsidePublishedSet('A department’s equity progression is not published.', 'departmentId');
      const [current] = await this.place(m, all, [unit], now);
      return {
        indicators: this.definitions(),
        stages: this.config.stages,
        current: exactStage(current),
        history: (await this.repository.history(m, unit.id)).map(exactSnapshot),
        records: await this.repository.records(m, [unit.id]),
        disclosure: 'exact',
      };
    });
  }

  async records(scope: StaffScope, departmentId?: string): Promise<IndicatorRecordView[]> {
    const m = this.readSource.manager;
    const visible = await this.departments.departments(m, scope);
    if (departmentId && !visible.some((d) => d.id === departmentId)) throw new NotFoundError('No such department in your scope.', [{ field: 'departmentId', message: 'not a department you can see' }]);
    return this.repository.records(m, departmentId ? [departmentId] : visible.map((d) => d.id));
  }

  /** A RASE administrator records a recorded indicator's value; audited in the same transaction. */
  async record(actorId: string, request: RecordIndicatorRequest, ip: string | null, today = new Date()): Promise<IndicatorRecordView> {
    const def = this.config.indicators.find((i) => i.key === request.indicator);
    if (!def || def.source !== 'recorded') {
      throw new InvalidInputError('Not a recorded indicator.', [{ field: 'indicator', message: `one of ${this.config.indicators.filter((i) => i.source === 'recorded').map((i) => i.key).join(', ')}` }]);
    }
    if (def.kind === 'boolean' && typeof request.value !== 'boolean') throw new InvalidInputError('Expected yes or no.', [{ field: 'value', message: 'must be true or false' }]);
    if (def.kind === 'percent' && (typeof request.value !== 'number' || request.value < 0 || request.value > 100)) {
      throw new InvalidInputError('Expected a share.', [{ field: 'value', message: 'must be a number from 0 to 100' }]);
    }
    return this.dataSource.transaction(async (m) => {
      // The future begins tomorrow in the city, not in UTC.
      if (request.recordedOn > cityDay(today, await this.departments.cityTimeZone(m))) {
        throw new InvalidInputError('The date is in the future.', [{ field: 'recordedOn', message: 'must not be in the future' }]);
      }
      const exists: unknown[] = await m.query(`SELECT 1 FROM department WHERE id = $1`, [request.departmentId]);
      if (exists.length === 0) throw new NotFoundError('No such department.', [{ field: 'departmentId', message: 'no such department' }]);
      const view = await this.repository.insertRecord(m, { ...request, note: request.note ?? null, recordedBy: actorId });
      await this.audit.record({ actorId, action: 'indicator.recorded', subjectType: 'department', subjectId: request.departmentId, after: view, ip }, m);
      return view;
    });
  }

  /**
   * Takes the month's snapshot (the city's month holding `date`) for every department in the city:
   * measured values as of now, recorded values as of `date`'s day in the city. Taking it again replaces it, so the
   * worker may run it daily or retry freely. Returns the number of departments.
   */
  async snapshotMonth(date: Date): Promise<number> {
    return this.dataSource.transaction(async (m) => {
      const all = await this.departments.departments(m, CITY);
      const placed = await this.place(m, all, all.filter((d) => d.kind === 'department'), date);
      return this.repository.saveSnapshots(m, monthOf(date, await this.departments.cityTimeZone(m)), placed.map((p) => ({ departmentId: p.department.id, stage: p.stage, indicators: p.indicators })));
    });
  }

  private definitions() {
    return this.config.indicators.map(({ measured: _m, ...d }) => d);
  }

  /**
   * Measures every indicator for `units` (each over its subtree within `all`) and places them, on
   * true values: each share keeps the size of its group. Days and
   * months are the city's: `asOf` is read as its day in the city's time zone.
   */
  private async place(m: EntityManager, all: DepartmentRow[], units: DepartmentRow[], asOf: Date): Promise<TrueDepartmentStage[]> {
    const day = cityDay(asOf, await this.departments.cityTimeZone(m));
    const subtreeOf = (u: DepartmentRow) => all.filter((d) => d.path.startsWith(u.path)).map((d) => d.id);
    const sum = (counts: OwnCount[], ids: string[], key: 'n' | 'of' = 'n') => counts.filter((c) => ids.includes(c.departmentId)).reduce((s, c) => s + (c[key] ?? 0), 0);
    const active = await this.repository.activeStaff(m);
    const measured = new Map<string, (ids: string[]) => Pick<TrueIndicatorValue, 'value' | 'of'>>();
    const shareOf = (part: number, of: number) => ({ value: share(part, of), of });
    for (const def of this.config.indicators) {
      const how = def.measured;
      if (!how) continue;
      if (how.measure === 'course-completed-within') {
        const courseId = await this.repository.courseId(m, how.course);
        const done = courseId ? await this.repository.completedCourseWithin(m, courseId, day, how.months) : [];
        measured.set(def.key, (ids) => shareOf(sum(done, ids), sum(active, ids)));
        continue;
      }
      const trackId = await this.repository.trackId(m, how.track);
      if (how.measure === 'track-completion-share') {
        const done = trackId ? await this.repository.trackCompleted(m, trackId) : [];
        measured.set(def.key, (ids) => shareOf(sum(done, ids), sum(active, ids)));
      } else if (how.measure === 'manager-track-completion-share') {
        const managers = trackId ? await this.repository.managersTrained(m, trackId) : [];
        measured.set(def.key, (ids) => shareOf(sum(managers, ids), sum(managers, ids, 'of')));
      } else {
        const leads = new Set(trackId ? await this.repository.trainedLeads(m, trackId) : []);
        measured.set(def.key, (ids) => ({ value: ids.some((id) => leads.has(id)) }));
      }
    }
    const records = await this.repository.latestRecords(m, units.map((u) => u.id), day);
    return units.map((u) => {
      const ids = subtreeOf(u);
      const indicators: TrueIndicatorValue[] = this.config.indicators.map((def) => {
        if (def.source === 'measured') return { indicator: def.key, ...(measured.get(def.key)?.(ids) ?? { value: null }) };
        const r = records.find((x) => x.departmentId === u.id && x.indicator === def.key);
        return { indicator: def.key, value: r ? r.value : null, recordedOn: r?.recordedOn ?? null, evidenceUrl: r?.evidenceUrl ?? null };
      });
      return { department: { id: u.id, code: u.code, name: u.name }, ...placeOnProgression(this.config.stages, indicators), indicators };
    });
  }
}
