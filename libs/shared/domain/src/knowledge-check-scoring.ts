import type { Question } from '@equip/shared/contracts';

export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * What is wrong with a set of answers, each naming `answers.<questionId>`: a question that does not
 * exist, a question left out, an option that does not exist (or chosen twice), none chosen, or
 * more than one for a `single` question. Empty when the answers can be scored.
 */
export function answerProblems(questions: readonly Question[], answers: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byId = new Map(questions.map((q) => [q.id, q]));
  for (const id of Object.keys(answers)) {
    if (!byId.has(id)) problems.push({ field: `answers.${id}`, message: `There is no question ${id} in this knowledge check` });
  }
  for (const question of questions) {
    const field = `answers.${question.id}`;
    const chosen = answers[question.id];
    if (chosen === undefined) {
      problems.push({ field, message: `Question ${question.id} needs an answer` });
      continue;
    }
    if (!Array.isArray(chosen) || chosen.some((o) => typeof o !== 'string')) {
      problems.push({ field, message: `The answer to ${question.id} must be a list of option ids` });
      continue;
    }
    const options = new Set(question.options.map((o) => o.id));
    const unknown = chosen.filter((o) => !options.has(o));
    if (unknown.length > 0) {
      problems.push({ field, message: `Question ${question.id} has no option ${unknown.join(', ')}` });
    } else if (new Set(chosen).size !== chosen.length) {
      problems.push({ field, message: `An option of ${question.id} is chosen twice` });
    } else if (chosen.length === 0) {
      problems.push({ field, message: `Choose at least one option for ${question.id}` });
    } else if (question.kind === 'single' && chosen.length !== 1) {
      problems.push({ field, message: `Choose exactly one option for ${question.id}` });
    }
  }
  return problems;
}

export interface ScoredQuestion {
  id: string;
  correct: boolean;
  options: { id: string; chosen: boolean; correct: boolean; feedback: string | null }[];
}

/**
 * Scores answers that passed `answerProblems`: a question is right when exactly its correct
 * options are chosen; the score is the number of questions right, compared with the pass mark.
 */
export function scoreAttempt(
  questions: readonly Question[],
  answers: Record<string, string[]>,
  passMark: number,
): { score: number; passed: boolean; questions: ScoredQuestion[] } {
  const scored = questions.map((question) => {
    const chosen = new Set(answers[question.id] ?? []);
    const options = question.options.map((o) => ({ id: o.id, chosen: chosen.has(o.id), correct: o.correct, feedback: o.feedback ?? null }));
    return { id: question.id, correct: options.every((o) => o.chosen === o.correct), options };
  });
  const score = scored.filter((q) => q.correct).length;
  return { score, passed: score >= passMark, questions: scored };
}

/** Whether another attempt may be made: not after a pass, and not beyond the limit (0 = unlimited). */
export function attemptRefusal(attemptsUsed: number, attemptsAllowed: number, passed: boolean): string | null {
  if (passed) return 'This knowledge check is already passed';
  if (attemptsAllowed > 0 && attemptsUsed >= attemptsAllowed) return `No attempts left: ${attemptsAllowed} allowed`;
  return null;
}
