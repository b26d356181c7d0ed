import type { PublicQuestion } from '@equip/shared/contracts';

/** The options chosen so far, by question id. */
export type Selections = Readonly<Record<string, readonly string[]>>;

/** Chooses an option: a single-answer question keeps only it; a multiple-answer one toggles it. */
export function choose(selections: Selections, question: PublicQuestion, optionId: string, checked: boolean): Selections {
  const current = selections[question.id] ?? [];
  let next: string[];
  if (question.kind === 'single') next = checked ? [optionId] : [];
  else next = checked ? [...current.filter((id) => id !== optionId), optionId] : current.filter((id) => id !== optionId);
  return { ...selections, [question.id]: next };
}

/** The attempt's `answers`: every question id mapped to its chosen option ids, in the options' order. */
export function buildAnswers(questions: readonly PublicQuestion[], selections: Selections): Record<string, string[]> {
  const answers: Record<string, string[]> = {};
  for (const question of questions) {
    const chosen = new Set(selections[question.id] ?? []);
    answers[question.id] = question.options.filter((option) => chosen.has(option.id)).map((option) => option.id);
  }
  return answers;
}

/** Questions with nothing chosen yet, in order. */
export function unanswered(questions: readonly PublicQuestion[], selections: Selections): PublicQuestion[] {
  return questions.filter((question) => !(selections[question.id]?.length));
}
