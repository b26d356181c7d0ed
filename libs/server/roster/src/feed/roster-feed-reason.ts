import type { RosterImportResult, RosterProblem } from '@equip/shared/contracts';

/** How many of a refused file's problems the mail and the list name; the rest are counted. */
export const LISTED_FEED_PROBLEMS = 5;

const people = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'person' : 'people'}`;

/** Why a file is held, in plain words: it deactivates more people than may go without a typed confirmation. */
export function heldReason(fileName: string, result: RosterImportResult): string {
  const c = result.confirmation;
  const deactivate = c?.deactivate ?? result.deactivated.length;
  return (
    `The nightly roster file ${fileName} would deactivate ${people(deactivate)}; ` +
    `the limit for importing without a person's confirmation is ${(c?.threshold ?? 0).toLocaleString('en-US')}.`
  );
}

/** Why a file is refused: its first few problems, each by line (line 0 is about the whole file). */
export function refusedReason(fileName: string, result: Pick<RosterImportResult, 'problems' | 'omittedProblems'>): string {
  const total = result.problems.length + (result.omittedProblems ?? 0);
  const listed = result.problems.slice(0, LISTED_FEED_PROBLEMS).map(problemLine);
  const more = total - listed.length;
  return (
    `The nightly roster file ${fileName} has ${total === 1 ? 'a problem' : `${total.toLocaleString('en-US')} problems`} and was not imported: ` +
    `${listed.join('; ')}${more > 0 ? `; and ${more.toLocaleString('en-US')} more` : ''}.`
  );
}

function problemLine(p: RosterProblem): string {
  const where = p.line === 0 ? 'the whole file' : `line ${p.line}${p.column ? `, ${p.column}` : ''}`;
  return `${where}: ${p.message.replace(/\.$/, '')}`;
}
