export * from './roster.module';
export * from './roster.service';
export * from './roster.repository';
export { RosterImportRecordRepository } from './imports/roster-import-record.repository';
export { RosterReader, compareProblems, isCalendarDate, isEmailAddress, type RosterRow } from './file/roster-reader';
export { MAX_ROSTER_UPLOAD_BYTES } from './upload';
export { rosterText, type RosterText } from './file/roster-text';
