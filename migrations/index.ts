// Every migration, in order. `npm run migrate:create -- Name` adds a file and a line here.
import { CreateOrganisation1764000000000 } from './1764000000000-CreateOrganisation';
import { CreateIdentity1764000000001 } from './1764000000001-CreateIdentity';
import { CreatePasswordToken1764000000400 } from './1764000000400-CreatePasswordToken';
import { ProtectAuditEvents1764000000500 } from './1764000000500-ProtectAuditEvents';
import { CreateCatalog1764000000600 } from './1764000000600-CreateCatalog';
import { CreateLearning1764000000700 } from './1764000000700-CreateLearning';
import { CreateCohorts1764000000800 } from './1764000000800-CreateCohorts';
import { IndexAssignmentStaff1764000000900 } from './1764000000900-IndexAssignmentStaff';
import { CreateNotifications1764000001000 } from './1764000001000-CreateNotifications';
import { CertificateRevocationAndMail1764000001100 } from './1764000001100-CertificateRevocationAndMail';
import { NotifyOutbox1764000001200 } from './1764000001200-NotifyOutbox';
import { CreateReporting1764000001300 } from './1764000001300-CreateReporting';
import { ReportingGrains1764000001400 } from './1764000001400-ReportingGrains';
import { ReportingCityAndDays1764000001500 } from './1764000001500-ReportingCityAndDays';
import { NeverRepeatingJobIds1764000003000 } from './1764000003000-NeverRepeatingJobIds';
import { SessionsEndForGood1764000004100 } from './1764000004100-SessionsEndForGood';
import { TriggerPlansBySize1764000005000 } from './1764000005000-TriggerPlansBySize';
import { StoredFiles1764000005100 } from './1764000005100-StoredFiles';
import { RosterImportRecords1797000042000 } from './1797000042000-RosterImportRecords';
import { AccountWaysIn1797004150000 } from './1797004150000-AccountWaysIn';
import { CreateRosterFormat1797015000000 } from './1797015000000-CreateRosterFormat';
import { AuditEventDepartment1797016160000 } from './1797016160000-AuditEventDepartment';
import { CreateRosterFeedFiles1797104000000 } from './1797104000000-CreateRosterFeedFiles';
import { CityDueDays1798200000000 } from './1798200000000-CityDueDays';
import { CohortMemberHistoryByStaff1798400000001 } from './1798400000001-CohortMemberHistoryByStaff';
import { NudgeNote1798400000002 } from './1798400000002-NudgeNote';
import { KnowledgeCheckGrants1798500000001 } from './1798500000001-KnowledgeCheckGrants';
import { CohortAssignmentOnce1798500000002 } from './1798500000002-CohortAssignmentOnce';
import { CohortNamesUnique1798500000003 } from './1798500000003-CohortNamesUnique';
import { AssignmentExtensions1798700000001 } from './1798700000001-AssignmentExtensions';
import { RollupDeltas1799200000000 } from './1799200000000-RollupDeltas';
import { CohortMemberStatusKey1799300000001 } from './1799300000001-CohortMemberStatusKey';
import { ReportPublications1799500000001 } from './1799500000001-ReportPublications';
import { StatusKeysSetBased1799700000001 } from './1799700000001-StatusKeysSetBased';
import { AssignRollupsPreAggregated1799700000002 } from './1799700000002-AssignRollupsPreAggregated';
import { LessonRulesColumn1799800000001 } from './1799800000001-LessonRulesColumn';

export const migrations = [
  CreateOrganisation1764000000000,
  CreateIdentity1764000000001,
  CreatePasswordToken1764000000400,
  ProtectAuditEvents1764000000500,
  CreateCatalog1764000000600,
  CreateLearning1764000000700,
  CreateCohorts1764000000800,
  IndexAssignmentStaff1764000000900,
  CreateNotifications1764000001000,
  CertificateRevocationAndMail1764000001100,
  NotifyOutbox1764000001200,
  CreateReporting1764000001300,
  ReportingGrains1764000001400,
  ReportingCityAndDays1764000001500,
  NeverRepeatingJobIds1764000003000,
  SessionsEndForGood1764000004100,
  TriggerPlansBySize1764000005000,
  StoredFiles1764000005100,
  RosterImportRecords1797000042000,
  AccountWaysIn1797004150000,
  CreateRosterFormat1797015000000,
  AuditEventDepartment1797016160000,
  CreateRosterFeedFiles1797104000000,
  CityDueDays1798200000000,
  CohortMemberHistoryByStaff1798400000001,
  NudgeNote1798400000002,
  KnowledgeCheckGrants1798500000001,
  CohortAssignmentOnce1798500000002,
  CohortNamesUnique1798500000003,
  AssignmentExtensions1798700000001,
  RollupDeltas1799200000000,
  CohortMemberStatusKey1799300000001,
  ReportPublications1799500000001,
  StatusKeysSetBased1799700000001,
  AssignRollupsPreAggregated1799700000002,
  LessonRulesColumn1799800000001,
];

/** report_week's department_id on its whole-city rows: the readers' key to them. */
export { CITY_DEPARTMENT } from './reporting-rollups';
/** The rollup tables (each read through `<table>_live`: its rows and its pending deltas). */
export { ROLLUP_TABLES, type RollupTable } from './reporting-rollups';
