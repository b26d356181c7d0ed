/** Longest personal note a lead may add to a nudge (the api and the form refuse longer). */
export const NUDGE_NOTE_MAX_LENGTH = 500;

export interface NudgeMessage {
  subject: string;
  preview: string;
  /** The mail's paragraphs before the list of trainings. */
  paragraphs: string[];
}

/**
 * The words of a nudge mail, from who sent it, the trainings it is about and any personal notes:
 * the mail the worker sends and the preview the lead reads before sending are the same words.
 */
export function nudgeMessage(input: { from: string | null; titles: readonly string[]; notes: readonly string[] }): NudgeMessage {
  const who = input.from ?? 'Your equity lead';
  const from = input.from ?? 'your equity lead';
  const n = input.titles.length;
  const notes = [...new Set(input.notes.map((note) => note.trim()).filter(Boolean))];
  return {
    subject: n === 1 ? `A reminder from ${from}: ${input.titles[0]}` : `A reminder from ${from}: ${n} trainings`,
    preview: `${who} asked us to remind you`,
    paragraphs: [`${who} asked us to remind you about ${n === 1 ? 'this training' : 'these trainings'}.`, ...notes.map((note) => `${who} wrote: “${note}”`)],
  };
}
