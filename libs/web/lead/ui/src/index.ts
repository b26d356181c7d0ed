export {
  COHORT_KIND_LABELS,
  MEMBER_FILTER_LABELS,
  MEMBER_SORT_LABELS,
  STATUS_LABELS,
  describeDue,
  describeRecurrence,
  describeRule,
  formatDate,
  formatDateTime,
} from './lib/presentation';
export {
  CohortRuleEditor,
  RULE_FIELD_IDS,
  buildRule,
  ruleFormValue,
  type HiredMode,
  type ManagerOption,
  type RuleFormValue,
} from './lib/rule-editor/rule-editor';
export { EXEMPTION_REASON_MAX, askExemptionReason, type ExemptionDialogData } from './lib/exemption-dialog/exemption-dialog';
export { AssignForm, buildAssignRequest, isoDateInDays, type AssignFormValue, type AssignableItem, type DueKind } from './lib/assign-form/assign-form';
