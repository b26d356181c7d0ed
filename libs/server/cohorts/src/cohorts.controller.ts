import { Body, Controller, Delete, Get, Header, HttpCode, Ip, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiConflictResponse, ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { csvLine } from '@equip/server/audit';
import { CurrentScope, IdParam, PageQueryDto, Roles } from '@equip/server/http';
import {
  COHORT_MEMBERS_CSV_COLUMNS, type AssignmentView, type AssignPreview, type AssignResult, type BulkExemptPreview, type BulkExemptResult, type BulkExtendPreview, type BulkExtendResult, type WithdrawalPreview, type WithdrawalResult, type CohortAssignmentView, type CohortDetail, type CohortMemberRow, type CohortRulePreview,
  type CohortSummary, type LeadHome, type MembershipChangeResult, type MembershipHistoryRow, type NudgeResult, type Page, type PasteMembersResult, type RuleChangePreview, type RuleChangeResult, type RuleChoices,
} from '@equip/shared/contracts';
import type { StaffScope } from '@equip/shared/domain';
import { AssignDto, AssignToPersonDto, ExemptDto, ExtendDto, RuleChangeDto, RuleChangePreviewDto, WithdrawDto } from './dto/assign.dto';
import { CreateCohortDto, PreviewRuleDto, UpdateCohortDto } from './dto/cohort-rule.dto';
import { BulkExemptDto, BulkExemptPreviewDto, BulkExtendDto, BulkExtendPreviewDto, CohortQueryDto, MembersQueryDto, NudgeDto, PasteMembersDto, StaffIdsDto } from './dto/members.dto';
import { CohortsService } from './cohorts.service';

/** Cohorts and their assignments: equity leads (their departments) and RASE administrators (the city). */
@ApiTags('cohorts')
@Controller()
@Roles('rase_admin', 'equity_lead')
export class CohortsController {
  constructor(private readonly cohorts: CohortsService) {}

  @Get('lead/home')
  @ApiOkResponse({ description: 'The equity lead’s home: cohorts with overdue or soon-due unstarted work, people without an account, the latest nudges (in the caller’s scope).' })
  leadHome(@CurrentScope() scope: StaffScope): Promise<LeadHome> {
    return this.cohorts.leadHome(scope);
  }

  @Get('cohorts')
  @ApiOkResponse({ description: 'Cohorts in the caller’s scope, a page at a time.' })
  list(@CurrentScope() scope: StaffScope, @Query() query: CohortQueryDto): Promise<Page<CohortSummary>> {
    return this.cohorts.list(scope, query);
  }

  @Post('cohorts')
  @ApiCreatedResponse({ description: 'The cohort; a rule cohort’s members are selected at once.' })
  create(@CurrentScope() scope: StaffScope, @Body() body: CreateCohortDto, @Ip() ip: string): Promise<CohortDetail> {
    return this.cohorts.create(scope, body, ip);
  }

  @Get('cohort-rule-choices')
  @ApiOkResponse({ description: 'The job classes and work locations of active staff in the caller’s scope, most common first.' })
  ruleChoices(@CurrentScope() scope: StaffScope): Promise<RuleChoices> {
    return this.cohorts.ruleChoices(scope);
  }

  @Post('cohorts/preview')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Who a rule would select (nothing is saved).' })
  preview(@CurrentScope() scope: StaffScope, @Body() body: PreviewRuleDto): Promise<CohortRulePreview> {
    return this.cohorts.preview(scope, body);
  }

  @Get('cohorts/:id')
  @ApiNotFoundResponse({ description: 'No such cohort in the caller’s scope.' })
  detail(@CurrentScope() scope: StaffScope, @IdParam('id') id: string): Promise<CohortDetail> {
    return this.cohorts.detail(scope, id);
  }

  @Patch('cohorts/:id')
  update(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: UpdateCohortDto, @Ip() ip: string): Promise<CohortDetail> {
    return this.cohorts.update(scope, id, body, ip);
  }

  @Delete('cohorts/:id')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Archived; members leave and lose open work that came only from it.' })
  archive(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Ip() ip: string): Promise<void> {
    return this.cohorts.archive(scope, id, ip);
  }

  @Post('cohorts/:id/restore')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Restored: the definition only; members and assignments come back through the rule or a previewed re-assign.' })
  @ApiNotFoundResponse({ description: 'No such archived cohort in the caller’s scope.' })
  @ApiConflictResponse({ description: 'A current cohort in the same department has its name.' })
  restore(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Ip() ip: string): Promise<CohortDetail> {
    return this.cohorts.restore(scope, id, ip);
  }

  @Post('cohorts/:id/members')
  @HttpCode(200)
  addMembers(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: StaffIdsDto, @Ip() ip: string): Promise<MembershipChangeResult> {
    return this.cohorts.addMembers(scope, id, body.staffIds, ip);
  }

  @Post('cohorts/:id/members/paste')
  @HttpCode(200)
  paste(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: PasteMembersDto, @Ip() ip: string): Promise<PasteMembersResult> {
    return this.cohorts.pasteMembers(scope, id, body.text, ip);
  }

  @Post('cohorts/:id/members/remove')
  @HttpCode(200)
  removeMembers(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: StaffIdsDto, @Ip() ip: string): Promise<MembershipChangeResult> {
    return this.cohorts.removeMembers(scope, id, body.staffIds, ip);
  }

  @Get('cohorts/:id/members')
  @ApiOkResponse({ description: 'Current members with their status per assignment, server-paged.' })
  members(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: MembersQueryDto): Promise<Page<CohortMemberRow>> {
    return this.cohorts.members(scope, id, query);
  }

  @Get('cohorts/:id/members.csv')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="cohort-members.csv"')
  @ApiOkResponse({ description: 'Exactly what the members page shows for the same filter and sort, every page.' })
  async membersCsv(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: MembersQueryDto): Promise<string> {
    const rows = await this.cohorts.membersForExport(scope, id, query);
    return csvLine([...COHORT_MEMBERS_CSV_COLUMNS]) + rows.map(csvRows).join('');
  }

  @Get('cohorts/:id/history')
  history(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Query() query: PageQueryDto): Promise<Page<MembershipHistoryRow>> {
    return this.cohorts.history(scope, id, query.page, query.pageSize);
  }

  @Get('cohorts/:id/assignments')
  assignments(@CurrentScope() scope: StaffScope, @IdParam('id') id: string): Promise<CohortAssignmentView[]> {
    return this.cohorts.assignments(scope, id);
  }

  @Post('cohorts/:id/assignments')
  @ApiCreatedResponse({ description: 'Assigned to every member in one statement; repeats merge.' })
  assign(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: AssignDto, @Ip() ip: string): Promise<AssignResult> {
    return this.cohorts.assign(scope, id, body, ip);
  }

  @Post('cohorts/:id/assignments/preview')
  @HttpCode(200)
  @ApiOkResponse({ description: 'What assigning would do (an existing assignment is updated, never doubled); nothing is saved.' })
  previewAssign(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: AssignDto): Promise<AssignPreview> {
    return this.cohorts.previewAssign(scope, id, body);
  }

  @Get('cohorts/:id/assignments/:assignmentId/withdrawal')
  @ApiOkResponse({ description: 'Who withdrawing this cohort assignment would affect; nothing is changed.' })
  @ApiNotFoundResponse({ description: 'No such cohort in scope, or it does not assign this (any more).' })
  withdrawalPreview(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @IdParam('assignmentId') assignmentId: string): Promise<WithdrawalPreview> {
    return this.cohorts.withdrawalPreview(scope, id, assignmentId);
  }

  @Post('cohorts/:id/assignments/:assignmentId/withdrawal')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Withdrawn (audited): completed work is kept, open work from it alone is removed and those people are mailed.' })
  @ApiConflictResponse({ description: 'The number of people affected is not the one confirmed.' })
  withdraw(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @IdParam('assignmentId') assignmentId: string, @Body() body: WithdrawDto, @Ip() ip: string): Promise<WithdrawalResult> {
    return this.cohorts.withdraw(scope, id, assignmentId, body.people, ip);
  }

  @Post('cohorts/:id/assignments/:assignmentId/rule/preview')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Who a new due rule or recurrence would affect: completed keep their completion, how many get a new due day, whose extension stands; nothing changes.' })
  @ApiNotFoundResponse({ description: 'No such cohort in scope, or it does not assign this (any more).' })
  ruleChangePreview(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @IdParam('assignmentId') assignmentId: string, @Body() body: RuleChangePreviewDto): Promise<RuleChangePreview> {
    return this.cohorts.ruleChangePreview(scope, id, assignmentId, body);
  }

  @Post('cohorts/:id/assignments/:assignmentId/rule')
  @HttpCode(200)
  @ApiOkResponse({ description: 'Changed (audited): open work gets the new due day unless a personal extension is later; those whose day changed are mailed.' })
  @ApiConflictResponse({ description: 'The number of people affected is not the one confirmed.' })
  changeRule(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @IdParam('assignmentId') assignmentId: string, @Body() body: RuleChangeDto, @Ip() ip: string): Promise<RuleChangeResult> {
    return this.cohorts.changeRule(scope, id, assignmentId, body, ip);
  }

  @Post('cohorts/:id/nudges')
  @HttpCode(202)
  @ApiAcceptedResponse({ description: 'Reminders recorded for the worker; at most one per person and assignment a day.' })
  nudge(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: NudgeDto, @Ip() ip: string): Promise<NudgeResult> {
    return this.cohorts.nudge(scope, id, body, ip);
  }

  @Post('cohorts/:id/exemptions/preview')
  @HttpCode(200)
  @ApiOkResponse({ description: 'How many of the selected members it would exempt; nothing changes.' })
  previewExemptions(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: BulkExemptPreviewDto): Promise<BulkExemptPreview> {
    return this.cohorts.previewExemptions(scope, id, body);
  }

  @Post('cohorts/:id/exemptions')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The selected members are exempt with the reason (one audit event each).' })
  @ApiConflictResponse({ description: 'The count is not the one confirmed.' })
  exemptMany(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: BulkExemptDto, @Ip() ip: string): Promise<BulkExemptResult> {
    return this.cohorts.exemptMany(scope, id, body, ip);
  }

  @Post('cohorts/:id/extensions/preview')
  @HttpCode(200)
  @ApiOkResponse({ description: 'How many of the selected members a later due day would extend, and why the others are left as they are; nothing changes.' })
  @ApiNotFoundResponse({ description: 'No such cohort in scope, or it does not assign this (any more).' })
  previewExtensions(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: BulkExtendPreviewDto): Promise<BulkExtendPreview> {
    return this.cohorts.previewExtensions(scope, id, body);
  }

  @Post('cohorts/:id/extensions')
  @HttpCode(200)
  @ApiOkResponse({ description: 'The selected members’ due day is extended with the reason, each as one extension (kept, audited, the person told by mail).' })
  @ApiConflictResponse({ description: 'The count is not the one confirmed.' })
  extendMany(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: BulkExtendDto, @Ip() ip: string): Promise<BulkExtendResult> {
    return this.cohorts.extendMany(scope, id, body, ip);
  }

  @Post('assignments')
  assignToPerson(@CurrentScope() scope: StaffScope, @Body() body: AssignToPersonDto, @Ip() ip: string): Promise<AssignResult> {
    return this.cohorts.assignToPerson(scope, body, ip);
  }

  @Post('assignments/:id/exemption')
  @HttpCode(200)
  exempt(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: ExemptDto, @Ip() ip: string): Promise<AssignmentView> {
    return this.cohorts.exempt(scope, id, body.reason, ip);
  }

  @Post('assignments/:id/extension')
  @HttpCode(200)
  @ApiOkResponse({ description: 'A later due day with a reason (audited; the person is told by mail). An extension stands when the work is assigned again, unless that gives a later day.' })
  @ApiNotFoundResponse({ description: 'No such assignment for a person in the caller’s scope.' })
  @ApiConflictResponse({ description: 'The assignment is completed or exempt.' })
  extend(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Body() body: ExtendDto, @Ip() ip: string): Promise<AssignmentView> {
    return this.cohorts.extend(scope, id, body, ip);
  }

  @Delete('assignments/:id/exemption')
  revokeExemption(@CurrentScope() scope: StaffScope, @IdParam('id') id: string, @Ip() ip: string): Promise<AssignmentView> {
    return this.cohorts.revokeExemption(scope, id, ip);
  }
}

function csvRows(row: CohortMemberRow): string {
  const person = [row.staff.employeeId, row.staff.lastName, row.staff.firstName, row.staff.email, row.staff.department.name, row.staff.jobTitle, row.joinedAt, row.lastActivityAt];
  if (row.assignments.length === 0) return csvLine([...person, null, null, null, null, null, null]);
  return row.assignments.map((a) => csvLine([...person, a.kind, a.title, a.status, a.dueOn, a.completedAt, a.exemptReason])).join('');
}
