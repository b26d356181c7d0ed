import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@equip/server/audit';
import { APP_CONFIG, AppConfig } from '@equip/server/config';
import { ConflictError, InvalidInputError, NotFoundError } from '@equip/server/http';
import { renderActionMail } from '@equip/server/mail';
import type {
  AssignPreview, AssignResult, BulkExemptPreview, BulkExemptResult, BulkExtendPreview, BulkExtendResult, AssignmentView, CohortAssignmentView, WithdrawalPreview, WithdrawalResult, CohortDetail, CohortMemberRow, CohortRule, CohortRulePreview, CohortSummary,
  MembershipChangeResult, MembershipHistoryRow, NudgeResult, Page, PasteMembersResult, RuleChangePreview, RuleChangeResult, RuleChoices, LeadHome,
} from '@equip/shared/contracts';
import { LEAD_HOME_DUE_DAYS, LEAD_HOME_NUDGES } from '@equip/shared/contracts';
import { cityDay, formatDay, type StaffScope } from '@equip/shared/domain';
import { DataSource, EntityManager } from 'typeorm';
import { CohortMembershipService } from './cohort-membership.service';
import { CohortRepository, CohortRow, MembersFilter } from './cohort.repository';
import type { AssignDto, AssignToPersonDto, ExtendDto, RuleChangeDto, RuleChangePreviewDto } from './dto/assign.dto';
import type { CohortRuleDto, CreateCohortDto, PreviewRuleDto, UpdateCohortDto } from './dto/cohort-rule.dto';
import type { BulkExemptDto, BulkExemptPreviewDto, BulkExtendDto, BulkExtendPreviewDto, CohortQueryDto, MembersQueryDto, NudgeDto } from './dto/members.dto';


/** The equity lead's use cases. Every change is audited in its own transaction. */
@Injectable()
export class CohortsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly repository: CohortRepository,
    private readonly membership: CohortMembershipService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The city's today: an assignment opens on a city day. */
  private today(): string {
    return cityDay(new Date(), this.config.cityTimeZone);
  }

  list(scope: StaffScope, query: CohortQueryDto): Promise<Page<CohortSummary>> {
    return this.repository.list(this.dataSource.manager, scope, {
      search: query.search?.trim() || undefined,
      departmentId: query.departmentId,
      archived: query.archived === 'true',
      page: query.page ?? 1,
      pageSize: query.pageSize ?? 50,
    });
  }

  async detail(scope: StaffScope, id: string): Promise<CohortDetail> {
    await this.cohort(this.dataSource.manager, scope, id);
    return this.repository.detail(this.dataSource.manager, id);
  }

  /** The city's own job classes and work locations, among the people the caller may see. */
  ruleChoices(scope: StaffScope): Promise<RuleChoices> {
    return this.repository.ruleChoices(this.dataSource.manager, scope);
  }

  async preview(scope: StaffScope, request: PreviewRuleDto): Promise<CohortRulePreview> {
    await this.checkOwner(scope, request.departmentId);
    await this.checkRule(scope, request.rule);
    return this.repository.preview(this.dataSource.manager, scope, request.departmentId, request.rule, request.pageSize ?? 50);
  }

  async create(scope: StaffScope, request: CreateCohortDto, ip?: string): Promise<CohortDetail> {
    await this.checkOwner(scope, request.departmentId);
    if (request.kind === 'static' && request.rule) throw new InvalidInputError('A static cohort has no rule', [{ field: 'rule', message: 'rule must be absent for a static cohort' }]);
    if (request.kind === 'rule') await this.checkRule(scope, request.rule ?? {});
    return this.dataSource.transaction(async (manager) => {
      const rule = request.kind === 'rule' ? normalise(request.rule ?? {}) : null;
      await this.checkName(manager, request.departmentId, request.name, null);
      const id = await uniqueName(request.name, this.repository.insert(manager, {
        name: request.name.trim(), description: request.description ?? null, departmentId: request.departmentId, kind: request.kind, rule, ownerId: scope.actorId,
      }));
      if (rule) await this.membership.evaluate(manager, { id, departmentId: request.departmentId, kind: 'rule', rule });
      const cohort = await this.repository.detail(manager, id);
      await this.audit.record({ actorId: scope.actorId, action: 'cohort.created', subjectType: 'cohort', subjectId: id, after: cohort, ip }, manager);
      return cohort;
    });
  }

  async update(scope: StaffScope, id: string, request: UpdateCohortDto, ip?: string): Promise<CohortDetail> {
    if (request.departmentId !== undefined) await this.checkOwner(scope, request.departmentId);
    if (request.rule) await this.checkRule(scope, request.rule);
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.cohort(manager, scope, id, true);
      if (request.rule && cohort.kind !== 'rule') throw new ConflictError('A static cohort has no rule; its members are added by hand');
      const before = await this.repository.detail(manager, id);
      const rule = request.rule ? normalise(request.rule) : undefined;
      const departmentId = request.departmentId !== undefined ? request.departmentId : cohort.departmentId;
      const name = request.name ?? before.name;
      await this.checkName(manager, departmentId, name, id);
      await uniqueName(name, this.repository.update(manager, id, { name: request.name?.trim(), description: request.description, departmentId: request.departmentId, rule }));
      if (cohort.kind === 'rule') await this.membership.evaluate(manager, { ...cohort, departmentId, rule: rule ?? cohort.rule });
      else if (request.departmentId !== undefined) {
        // Static members outside the new owner's subtree leave.
        const members = (await this.repository.members(manager, { kind: 'city', actorId: scope.actorId, canWrite: true, personLevel: true }, id, { sort: 'name', direction: 'asc', offset: 0, cityTimeZone: this.config.cityTimeZone })).rows.map((r) => r.staff.id);
        const keep = await this.repository.eligible(manager, { kind: 'city', actorId: scope.actorId, canWrite: true, personLevel: true }, departmentId, members);
        const gone = await this.repository.leave(manager, id, members.filter((m) => !keep.has(m)), 'moved_out_of_scope');
        await this.membership.left(manager, id, gone);
      }
      const after = await this.repository.detail(manager, id);
      await this.audit.record({ actorId: scope.actorId, action: 'cohort.updated', subjectType: 'cohort', subjectId: id, before, after, ip }, manager);
      return after;
    });
  }

  async archive(scope: StaffScope, id: string, ip?: string): Promise<void> {
    await this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id, true);
      const before = await this.repository.detail(manager, id);
      const left = await this.repository.leave(manager, id, null, 'cohort_archived');
      await this.membership.left(manager, id, left);
      await this.repository.archive(manager, id);
      await this.audit.record({ actorId: scope.actorId, action: 'cohort.archived', subjectType: 'cohort', subjectId: id, before, ip }, manager);
    });
  }

  /**
   * Brings an archived cohort's definition back (name, rule, owner department). Its former members
   * and what it assigned do not come back by themselves: a rule cohort selects people again when
   * the rule is next applied (an edit, a roster change), and its assignments need a previewed
   * re-assign. Audited.
   */
  async restore(scope: StaffScope, id: string, ip?: string): Promise<CohortDetail> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.repository.findArchived(manager, scope, id);
      if (!cohort) throw new NotFoundError('No such archived cohort');
      await this.checkName(manager, cohort.departmentId, cohort.name, id);
      await uniqueName(cohort.name, this.repository.restore(manager, id));
      const after = await this.repository.detail(manager, id);
      await this.audit.record({ actorId: scope.actorId, action: 'cohort.restored', subjectType: 'cohort', subjectId: id, after, ip }, manager);
      return after;
    });
  }

  // ── static membership ────────────────────────────────────────────────────────────────────────

  async addMembers(scope: StaffScope, id: string, staffIds: string[], ip?: string): Promise<MembershipChangeResult> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.staticCohort(manager, scope, id);
      const eligible = await this.repository.eligible(manager, scope, cohort.departmentId, staffIds);
      const errors = staffIds.flatMap((s, i) => (eligible.has(s) ? [] : [{ field: `staffIds[${i}]`, message: 'not an active staff member in this cohort’s departments' }]));
      if (errors.length > 0) throw new InvalidInputError('Some people cannot join this cohort', errors);
      return this.join(manager, scope, id, [...eligible], ip);
    });
  }

  async pasteMembers(scope: StaffScope, id: string, text: string, ip?: string): Promise<PasteMembersResult> {
    const lines = text.split(/\r?\n/).flatMap((line, i) => line.split(/[,;\t]/).map((v) => ({ line: i + 1, value: v.trim() }))).filter((l) => l.value !== '');
    if (lines.length === 0) throw new InvalidInputError('Paste at least one email or employee id', [{ field: 'text', message: 'text has no emails or employee ids' }]);
    if (lines.length > 5000) throw new InvalidInputError('Paste at most 5,000 people at a time', [{ field: 'text', message: 'text has more than 5,000 entries' }]);
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.staticCohort(manager, scope, id);
      const matches = await this.repository.matchPasted(manager, scope, cohort.departmentId, lines.map((l) => l.value));
      const errors = lines.flatMap((l, i) => (matches[i] ? [] : [{ ...l, message: 'No active staff member in this cohort’s departments has this email or employee id' }]));
      const ids = [...new Set(matches.filter((m): m is string => m !== null))];
      const result = ids.length > 0 ? await this.join(manager, scope, id, ids, ip) : { changed: 0, memberCount: (await this.repository.detail(manager, id)).memberCount };
      return { ...result, errors };
    });
  }

  async removeMembers(scope: StaffScope, id: string, staffIds: string[], ip?: string): Promise<MembershipChangeResult> {
    return this.dataSource.transaction(async (manager) => {
      await this.staticCohort(manager, scope, id);
      const visible = new Set(await this.repository.inScope(manager, scope, staffIds));
      const left = await this.repository.leave(manager, id, staffIds.filter((s) => visible.has(s)), 'removed');
      await this.membership.left(manager, id, left);
      if (left.length > 0) {
        await this.audit.record({ actorId: scope.actorId, action: 'cohort.members_removed', subjectType: 'cohort', subjectId: id, after: { staffIds: left }, ip }, manager);
      }
      return { changed: left.length, memberCount: (await this.repository.detail(manager, id)).memberCount };
    });
  }

  // ── members page ─────────────────────────────────────────────────────────────────────────────

  async members(scope: StaffScope, id: string, query: MembersQueryDto): Promise<Page<CohortMemberRow>> {
    await this.cohort(this.dataSource.manager, scope, id);
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const { rows, total } = await this.repository.members(this.dataSource.manager, scope, id, { ...membersFilter(query), limit: pageSize, offset: (page - 1) * pageSize, cityTimeZone: this.config.cityTimeZone });
    return { items: rows, total, page, pageSize };
  }

  /** Every row the members page would show for this filter and sort, without paging. */
  async membersForExport(scope: StaffScope, id: string, query: MembersQueryDto): Promise<CohortMemberRow[]> {
    await this.cohort(this.dataSource.manager, scope, id);
    return (await this.repository.members(this.dataSource.manager, scope, id, { ...membersFilter(query), offset: 0, cityTimeZone: this.config.cityTimeZone })).rows;
  }

  async history(scope: StaffScope, id: string, page = 1, pageSize = 50): Promise<Page<MembershipHistoryRow>> {
    await this.cohort(this.dataSource.manager, scope, id);
    return this.repository.history(this.dataSource.manager, scope, id, page, pageSize);
  }

  // ── assignments ──────────────────────────────────────────────────────────────────────────────

  async assignments(scope: StaffScope, id: string): Promise<CohortAssignmentView[]> {
    await this.cohort(this.dataSource.manager, scope, id);
    return this.repository.cohortAssignments(this.dataSource.manager, id);
  }

  /**
   * One set-based statement for the whole cohort, in one transaction. A course or track the cohort
   * already assigns (or withdrew) is not assigned twice: its one definition is updated, and members
   * who already have it open keep it (their earliest due date stands).
   */
  async assign(scope: StaffScope, id: string, request: AssignDto, ip?: string): Promise<AssignResult> {
    await this.cohort(this.dataSource.manager, scope, id);
    const subject = await this.subject(request);
    return this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id, true);
      const { updated, ...def } = await this.repository.insertCohortAssignment(manager, {
        cohortId: id, ...subject, startsOn: request.startsOn ?? this.today(), due: request.due, recurrenceMonths: request.recurrenceMonths ?? null, createdBy: scope.actorId,
      });
      const counts = await this.repository.assign(manager, def, null);
      await this.audit.record(
        { actorId: scope.actorId, action: 'cohort.assigned', subjectType: 'cohort', subjectId: id, after: { cohortAssignmentId: def.id, updated, ...request, ...counts }, ip },
        manager,
      );
      return { cohortAssignmentId: def.id, updated, ...counts };
    });
  }

  /**
   * What `assign` would do, exactly: the same statements in a transaction that is rolled back, so
   * the counts are the ones a confirmation would produce (unless the cohort changes in between).
   */
  async previewAssign(scope: StaffScope, id: string, request: AssignDto): Promise<AssignPreview> {
    await this.cohort(this.dataSource.manager, scope, id);
    const subject = await this.subject(request);
    const existing = await this.repository.cohortAssignmentFor(this.dataSource.manager, id, subject);
    const view = existing && !existing.withdrawn ? ((await this.repository.cohortAssignments(this.dataSource.manager, id, existing.id))[0] ?? null) : null;
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      const { updated: _updated, ...def } = await this.repository.insertCohortAssignment(runner.manager, {
        cohortId: id, ...subject, startsOn: request.startsOn ?? this.today(), due: request.due, recurrenceMonths: request.recurrenceMonths ?? null, createdBy: scope.actorId,
      });
      const counts = await this.repository.assign(runner.manager, def, null);
      const members = (await this.repository.detail(runner.manager, id)).memberCount;
      return { existing: view, withdrawn: existing?.withdrawn ?? false, members, ...counts };
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
  }

  async withdrawalPreview(scope: StaffScope, id: string, cohortAssignmentId: string): Promise<WithdrawalPreview> {
    return this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id);
      await this.cohortAssignment(manager, id, cohortAssignmentId);
      return this.repository.withdrawalPreview(manager, cohortAssignmentId);
    });
  }

  /**
   * Withdraws what a cohort assigns, after its preview: `people` must be the count the caller saw.
   * Completed work is kept; open work that came only from it is removed, and those people are told
   * by mail (queued through the outbox in this transaction). Audited.
   */
  async withdraw(scope: StaffScope, id: string, cohortAssignmentId: string, people: number, ip?: string): Promise<WithdrawalResult> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.cohort(manager, scope, id, true);
      const def = await this.cohortAssignment(manager, id, cohortAssignmentId);
      const preview = await this.repository.withdrawalPreview(manager, cohortAssignmentId);
      if (preview.people !== people) {
        throw new ConflictError(`This now affects ${preview.people === 1 ? '1 person' : `${preview.people} people`}, not ${people}. Check the preview again.`, [
          { field: 'people', message: `people must be ${preview.people}, the number affected now` },
        ]);
      }
      const lost = await this.repository.withdraw(manager, cohortAssignmentId, scope.actorId);
      const name = (await this.repository.detail(manager, id)).name;
      const footer = { cityName: this.config.cityName, officeName: this.config.officeName, appUrl: this.config.appUrl };
      const stamp = Date.now();
      const mails = lost.flatMap((person) => {
        if (!person.email) return [];
        const mail = renderActionMail(
          {
            subject: `${def.title} is no longer assigned to you`,
            greeting: `Hello ${person.firstName},`,
            paragraphs: [
              `${def.title} was assigned to you through the group “${name}”. It has been withdrawn, so you no longer need to complete it.`,
              'Anything you already did in it is kept. You can still take it from the catalog if you want to.',
            ],
            action: { label: 'See my assigned training', url: `${this.config.appUrl}/learn` },
          },
          footer,
        );
        return [{ key: `assignment-withdrawn:${cohortAssignmentId}:${stamp}:${person.staffId}`, to: person.email, ...mail }];
      });
      await this.repository.queueMail(manager, mails);
      await this.audit.record(
        {
          actorId: scope.actorId, action: 'cohort.assignment_withdrawn', subjectType: 'cohort', subjectId: cohort.id,
          after: { cohortAssignmentId, kind: def.kind, slug: def.slug, title: def.title, ...preview, staffIds: lost.map((p) => p.staffId) }, ip,
        },
        manager,
      );
      return { ...preview, told: mails.length };
    });
  }

  /** Who a new due rule or recurrence would affect, and how; nothing changes. */
  async ruleChangePreview(scope: StaffScope, id: string, cohortAssignmentId: string, request: RuleChangePreviewDto): Promise<RuleChangePreview> {
    return this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id);
      await this.cohortAssignment(manager, id, cohortAssignmentId);
      return (await this.repository.ruleChange(manager, cohortAssignmentId, { due: request.due, recurrenceMonths: request.recurrenceMonths ?? null }, false)).preview;
    });
  }

  /**
   * Changes one of the cohort's assignments to a new due rule or recurrence, after its preview:
   * `people` must be the count the caller saw. Open work gets the new due day unless a personal
   * extension is later; the people whose day changed are told by mail (queued through the outbox
   * in this transaction). Audited.
   */
  async changeRule(scope: StaffScope, id: string, cohortAssignmentId: string, request: RuleChangeDto, ip?: string): Promise<RuleChangeResult> {
    return this.dataSource.transaction(async (manager) => {
      const cohort = await this.cohort(manager, scope, id, true);
      const def = await this.cohortAssignment(manager, id, cohortAssignmentId);
      const rule = { due: request.due, recurrenceMonths: request.recurrenceMonths ?? null };
      const { preview } = await this.repository.ruleChange(manager, cohortAssignmentId, rule, false);
      if (preview.people !== request.people) {
        throw new ConflictError(`This now affects ${preview.people === 1 ? '1 person' : `${preview.people} people`}, not ${request.people}. Check the preview again.`, [
          { field: 'people', message: `people must be ${preview.people}, the number affected now` },
        ]);
      }
      const before = (await this.repository.cohortAssignments(manager, id, cohortAssignmentId))[0];
      const { changed } = await this.repository.ruleChange(manager, cohortAssignmentId, rule, true);
      const name = (await this.repository.detail(manager, id)).name;
      const footer = { cityName: this.config.cityName, officeName: this.config.officeName, appUrl: this.config.appUrl };
      const stamp = Date.now();
      const mails = changed.flatMap((person) => {
        if (!person.email) return [];
        const day = formatDay(person.dueOn, { dateStyle: 'long' });
        const mail = renderActionMail(
          {
            subject: `${def.title} is now due ${day}`,
            greeting: `Hello ${person.firstName},`,
            paragraphs: [`${def.title} is assigned to you through the group “${name}”. Its due date has changed: it is now due ${day}.`],
            action: { label: 'See my assigned training', url: `${this.config.appUrl}/learn` },
          },
          footer,
        );
        return [{ key: `assignment-rule-changed:${cohortAssignmentId}:${stamp}:${person.staffId}`, to: person.email, ...mail }];
      });
      await this.repository.queueMail(manager, mails);
      await this.audit.record(
        {
          actorId: scope.actorId, action: 'cohort.assignment_rule_changed', subjectType: 'cohort', subjectId: cohort.id,
          before: { due: before?.due, recurrenceMonths: before?.recurrenceMonths ?? null },
          after: { cohortAssignmentId, kind: def.kind, slug: def.slug, title: def.title, due: request.due, recurrenceMonths: rule.recurrenceMonths, ...preview, staffIds: changed.map((p) => p.staffId) }, ip,
        },
        manager,
      );
      return { ...preview, told: mails.length };
    });
  }

  /** One person: a private single-member cohort is not needed — the row is written directly. */
  async assignToPerson(scope: StaffScope, request: AssignToPersonDto, ip?: string): Promise<AssignResult> {
    if (request.due.kind === 'after_joining') throw new InvalidInputError('A person is not in a cohort here', [{ field: 'due.kind', message: 'after_joining needs a cohort' }]);
    if (!(await this.repository.eligible(this.dataSource.manager, scope, null, [request.staffId])).has(request.staffId)) throw new NotFoundError('No such staff member');
    const subject = await this.subject(request);
    return this.dataSource.transaction(async (manager) => {
      const counts = await this.repository.assignToPerson(manager, request.staffId, subject, {
        dueOn: request.due.kind === 'absolute' ? request.due.dueOn : null,
        startsOn: request.startsOn ?? this.today(),
        days: request.due.kind === 'absolute' ? 0 : request.due.days,
        assignedBy: scope.actorId,
        recurrenceMonths: request.recurrenceMonths ?? null,
      });
      await this.audit.record({ actorId: scope.actorId, action: 'assignment.assigned', subjectType: 'staff', subjectId: request.staffId, after: { ...request, ...counts }, ip }, manager);
      return { cohortAssignmentId: null, ...counts };
    });
  }

  async exempt(scope: StaffScope, assignmentId: string, reason: string, ip?: string): Promise<AssignmentView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.assignmentInScope(manager, scope, assignmentId);
      if (!before.open) throw new ConflictError('A completed assignment cannot be exempted');
      if (before.exemptedAt) throw new ConflictError('This assignment is already exempt');
      await this.repository.setExemption(manager, assignmentId, { reason: reason.trim(), by: scope.actorId });
      const after = await this.assignmentInScope(manager, scope, assignmentId);
      await this.audit.record({ actorId: scope.actorId, action: 'assignment.exempted', subjectType: 'assignment', subjectId: assignmentId, before: strip(before), after: strip(after), ip }, manager);
      return strip(after);
    });
  }

  /**
   * Gives one person's open assignment a later due day, with a reason: kept with who granted it,
   * audited, and the person told by mail (queued through the outbox in this transaction). The new
   * day must be after the current one and not in the past.
   */
  async extend(scope: StaffScope, assignmentId: string, request: ExtendDto, ip?: string): Promise<AssignmentView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.assignmentInScope(manager, scope, assignmentId);
      if (!before.open) throw new ConflictError('A completed assignment cannot be extended');
      if (before.exemptedAt) throw new ConflictError('This person is exempt from this assignment; there is no due date to extend');
      this.checkNotPast(request.dueOn);
      if (before.dueOn && request.dueOn <= before.dueOn) {
        throw new InvalidInputError('The new due date must be later than the current one', [
          { field: 'dueOn', message: `dueOn must be after the current due date, ${before.dueOn}` },
        ]);
      }
      await this.applyExtensions(manager, scope, [assignmentId], request.dueOn, request.reason.trim(), ip, false);
      return strip(await this.assignmentInScope(manager, scope, assignmentId));
    });
  }

  /** What extending the selected members' work from one cohort assignment to a day would do: the count shown before confirming. */
  async previewExtensions(scope: StaffScope, id: string, request: BulkExtendPreviewDto): Promise<BulkExtendPreview> {
    this.checkNotPast(request.dueOn);
    return this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id);
      await this.cohortAssignment(manager, id, request.cohortAssignmentId);
      return (await this.extensionPlan(manager, scope, id, request, false)).preview;
    });
  }

  /**
   * Extends the selected members after the count was confirmed: each exactly as one extension
   * (the same statement keeps it, audits it, and the same mail tells the person). Completed,
   * exempt and already-later work is left as it is.
   */
  async extendMany(scope: StaffScope, id: string, request: BulkExtendDto, ip?: string): Promise<BulkExtendResult> {
    this.checkNotPast(request.dueOn);
    return this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id, true);
      await this.cohortAssignment(manager, id, request.cohortAssignmentId);
      const { preview, ids } = await this.extensionPlan(manager, scope, id, request, true);
      if (preview.extending !== request.count) {
        throw new ConflictError(`This now extends ${preview.extending === 1 ? '1 person' : `${preview.extending} people`}, not ${request.count}. Check the count again.`, [
          { field: 'count', message: `count must be ${preview.extending}, the number it extends now` },
        ]);
      }
      const told = await this.applyExtensions(manager, scope, ids, request.dueOn, request.reason.trim(), ip, true);
      return { extended: ids.length, told };
    });
  }

  /** Sorts the selected members' work from the cohort assignment: the ones a later day extends, and why the others are left alone. */
  private async extensionPlan(manager: EntityManager, scope: StaffScope, id: string, request: BulkExtendPreviewDto, lock: boolean): Promise<{ preview: BulkExtendPreview; ids: string[] }> {
    // Someone outside the caller's departments reads as no one, as for one extension (a 404, nothing counted).
    const visible = new Set(await this.repository.inScope(manager, scope, request.staffIds));
    if (request.staffIds.some((staffId) => !visible.has(staffId))) {
      throw new NotFoundError('No such staff member', [{ field: 'staffIds', message: 'staffIds must be people in your departments' }]);
    }
    const { open, completed } = await this.repository.extendable(manager, scope, id, request.cohortAssignmentId, request.staffIds, lock);
    const active = open.filter((a) => !a.exempt);
    // The single extension's rule: the new day must be after the current one.
    const ids = active.filter((a) => !a.dueOn || a.dueOn < request.dueOn).map((a) => a.id);
    const people = open.length + completed;
    return {
      ids,
      preview: {
        people, extending: ids.length, completed, alreadyLater: active.length - ids.length, exempt: open.length - active.length,
        skipped: new Set(request.staffIds).size - people,
      },
    };
  }

  /**
   * One or many extensions to one day, in one statement (kept, audited), and each person told by
   * the same mail, queued through the outbox in the caller's transaction. Returns how many were mailed.
   */
  private async applyExtensions(manager: EntityManager, scope: StaffScope, ids: string[], dueOn: string, reason: string, ip: string | undefined, bulk: boolean): Promise<number> {
    const people = await this.repository.extend(manager, ids, { dueOn, reason, by: scope.actorId, ip: ip ?? null, bulk });
    const footer = { cityName: this.config.cityName, officeName: this.config.officeName, appUrl: this.config.appUrl };
    const day = formatDay(dueOn, { dateStyle: 'long' });
    const stamp = Date.now();
    const mails = people.flatMap((person) => {
      if (!person.email) return [];
      const mail = renderActionMail(
        {
          subject: `${person.title} is now due ${day}`,
          greeting: `Hello ${person.firstName},`,
          paragraphs: [
            `Your due date for ${person.title} has been extended${person.previousDueOn ? ` from ${formatDay(person.previousDueOn, { dateStyle: 'long' })}` : ''} to ${day}.`,
            `The reason given: ${reason}`,
          ],
          action: { label: 'See my assigned training', url: `${this.config.appUrl}/learn` },
        },
        footer,
      );
      return [{ key: `assignment-extended:${person.assignmentId}:${dueOn}:${stamp}`, to: person.email, ...mail }];
    });
    await this.repository.queueMail(manager, mails);
    return mails.length;
  }

  /** 400 naming `dueOn` when the day is before the city's today. */
  private checkNotPast(dueOn: string): void {
    const today = this.today();
    if (dueOn < today) throw new InvalidInputError('The new due date is in the past', [{ field: 'dueOn', message: `dueOn must be today (${today}) or later` }]);
  }

  /** How many of the selected members one of the cohort's assignments would exempt: the count shown before confirming. */
  async previewExemptions(scope: StaffScope, id: string, request: BulkExemptPreviewDto): Promise<BulkExemptPreview> {
    return this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id);
      await this.cohortAssignment(manager, id, request.cohortAssignmentId);
      const ids = await this.repository.exemptable(manager, scope, id, request.cohortAssignmentId, request.staffIds, false);
      return { count: ids.length, skipped: new Set(request.staffIds).size - ids.length };
    });
  }

  /** Exempts the selected members with one reason, after the count was confirmed; one audit event per assignment, as for one. */
  async exemptMany(scope: StaffScope, id: string, request: BulkExemptDto, ip?: string): Promise<BulkExemptResult> {
    return this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id, true);
      await this.cohortAssignment(manager, id, request.cohortAssignmentId);
      const ids = await this.repository.exemptable(manager, scope, id, request.cohortAssignmentId, request.staffIds, true);
      if (ids.length !== request.count) {
        throw new ConflictError(`This now exempts ${ids.length === 1 ? '1 person' : `${ids.length} people`}, not ${request.count}. Check the count again.`, [
          { field: 'count', message: `count must be ${ids.length}, the number it exempts now` },
        ]);
      }
      return { exempted: await this.repository.exemptMany(manager, ids, request.reason.trim(), scope.actorId, ip ?? null) };
    });
  }

  async revokeExemption(scope: StaffScope, assignmentId: string, ip?: string): Promise<AssignmentView> {
    return this.dataSource.transaction(async (manager) => {
      const before = await this.assignmentInScope(manager, scope, assignmentId);
      if (!before.exemptedAt) throw new ConflictError('This assignment is not exempt');
      await this.repository.setExemption(manager, assignmentId, null);
      const after = await this.assignmentInScope(manager, scope, assignmentId);
      await this.audit.record({ actorId: scope.actorId, action: 'assignment.exemption_revoked', subjectType: 'assignment', subjectId: assignmentId, before: strip(before), after: strip(after), ip }, manager);
      return strip(after);
    });
  }

  async nudge(scope: StaffScope, id: string, request: NudgeDto, ip?: string): Promise<NudgeResult> {
    return this.dataSource.transaction(async (manager) => {
      await this.cohort(manager, scope, id);
      const note = request.note?.trim() || null;
      const { picked, queued } = await this.repository.nudge(manager, scope, id, request.staffIds, request.assignmentIds ?? null, note);
      if (queued > 0) {
        await this.audit.record(
          { actorId: scope.actorId, action: 'cohort.nudged', subjectType: 'cohort', subjectId: id, after: { staffIds: request.staffIds, queued, ...(note ? { note } : {}) }, ip },
          manager,
        );
      }
      return { queued, skipped: picked - queued };
    });
  }

  /** The equity lead's home: cohorts with work needing attention, people who cannot sign in yet, the latest nudges. */
  async leadHome(scope: StaffScope): Promise<LeadHome> {
    return this.dataSource.transaction('REPEATABLE READ', (manager) => this.repository.attention(manager, scope, LEAD_HOME_DUE_DAYS, LEAD_HOME_NUDGES));
  }

  /** 409 naming `name` when a current cohort of the same department already has it (case and surrounding spaces aside). */
  private async checkName(manager: EntityManager, departmentId: string | null, name: string, except: string | null): Promise<void> {
    if (await this.repository.nameTaken(manager, departmentId, name, except)) throw nameConflict(name);
  }

  // ── checks ───────────────────────────────────────────────────────────────────────────────────

  private async cohort(manager: EntityManager, scope: StaffScope, id: string, lock = false): Promise<CohortRow> {
    const cohort = await this.repository.find(manager, scope, id, lock);
    if (!cohort) throw new NotFoundError('No such cohort');
    return cohort;
  }

  private async cohortAssignment(manager: EntityManager, cohortId: string, id: string) {
    const def = await this.repository.lockCohortAssignment(manager, cohortId, id);
    if (!def) throw new NotFoundError('This cohort does not assign that (it may have been withdrawn already)');
    return def;
  }

  private async staticCohort(manager: EntityManager, scope: StaffScope, id: string): Promise<CohortRow> {
    const cohort = await this.cohort(manager, scope, id, true);
    if (cohort.kind !== 'static') throw new ConflictError('A rule cohort’s members are chosen by its rule');
    return cohort;
  }

  private async join(manager: EntityManager, scope: StaffScope, id: string, staffIds: string[], ip?: string): Promise<MembershipChangeResult> {
    const joined = await this.repository.join(manager, id, staffIds, 'added');
    await this.membership.joined(manager, id, joined);
    if (joined.length > 0) {
      await this.audit.record({ actorId: scope.actorId, action: 'cohort.members_added', subjectType: 'cohort', subjectId: id, after: { staffIds: joined }, ip }, manager);
    }
    return { changed: joined.length, memberCount: (await this.repository.detail(manager, id)).memberCount };
  }

  private async assignmentInScope(manager: EntityManager, scope: StaffScope, id: string) {
    const row = await this.repository.assignment(manager, scope, id, true);
    if (!row || row.staffId === scope.actorId) throw new NotFoundError('No such assignment');
    return row;
  }

  /** A city-wide cohort is for administrators; a department one needs the department in scope. Out of scope reads as missing. */
  private async checkOwner(scope: StaffScope, departmentId: string | null): Promise<void> {
    if (departmentId === null) {
      if (scope.kind !== 'city' || !scope.canWrite) throw new InvalidInputError('Only RASE administrators make city-wide cohorts', [{ field: 'departmentId', message: 'departmentId is required' }]);
      return;
    }
    if (!(await this.departmentsVisible(scope, [departmentId]))) throw new InvalidInputError('No such department', [{ field: 'departmentId', message: 'departmentId is not a department in your scope' }]);
  }

  private async checkRule(scope: StaffScope, rule: CohortRuleDto | CohortRule): Promise<void> {
    if (rule.departmentIds?.length && !(await this.departmentsVisible(scope, rule.departmentIds))) {
      throw new InvalidInputError('No such department', [{ field: 'rule.departmentIds', message: 'every department must be in your scope' }]);
    }
    if (rule.managerScope && !rule.managerId) throw new InvalidInputError('managerScope needs a manager', [{ field: 'rule.managerId', message: 'managerId is required with managerScope' }]);
  }

  private departmentsVisible(scope: StaffScope, ids: string[]): Promise<boolean> {
    return this.repository.departmentsVisible(this.dataSource.manager, scope, ids);
  }

  private async subject(request: AssignDto): Promise<{ courseId: string | null; trackId: string | null }> {
    if (!!request.courseSlug === !!request.trackSlug) {
      throw new InvalidInputError('Assign a course or a track', [{ field: 'courseSlug', message: 'exactly one of courseSlug and trackSlug is required' }]);
    }
    const kind = request.courseSlug ? 'course' : 'track';
    const id = await this.repository.subject(this.dataSource.manager, kind, (request.courseSlug ?? request.trackSlug) as string);
    if (!id) throw new InvalidInputError(`No such ${kind}`, [{ field: `${kind}Slug`, message: `no published ${kind} has this slug` }]);
    return kind === 'course' ? { courseId: id, trackId: null } : { courseId: null, trackId: id };
  }
}

function membersFilter(query: MembersQueryDto): Omit<MembersFilter, 'limit' | 'offset' | 'cityTimeZone'> {
  return { status: query.status, search: query.search?.trim() || undefined, sort: query.sort ?? 'name', direction: query.direction ?? 'asc' };
}

function normalise(rule: CohortRule): CohortRule {
  return Object.fromEntries(Object.entries(rule).filter(([, v]) => v !== undefined && v !== null && !(Array.isArray(v) && v.length === 0))) as CohortRule;
}

function strip({ open: _open, ...view }: AssignmentView & { open: boolean }): AssignmentView {
  return view;
}

function nameConflict(name: string): ConflictError {
  const message = `A cohort named “${name.trim()}” already exists in this department; choose another name`;
  return new ConflictError(message, [{ field: 'name', message }]);
}

/** The database's own guard (two requests at once): its unique index becomes the same 409 as the check before it. */
async function uniqueName<T>(name: string, write: Promise<T>): Promise<T> {
  try {
    return await write;
  } catch (error) {
    if ((error as { driverError?: { constraint?: string } }).driverError?.constraint === 'cohort_name_unique') throw nameConflict(name);
    throw error;
  }
}
