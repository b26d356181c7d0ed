import type { Question } from '@equip/shared/contracts';
import { answerProblems, attemptRefusal, scoreAttempt } from './knowledge-check-scoring';

const questions: Question[] = [
  {
    id: 'q1',
    prompt: 'Which describes equity?',
    kind: 'single',
    options: [
      { id: 'a', text: 'Same', correct: false, feedback: 'That is equality.' },
      { id: 'b', text: 'Need', correct: true, feedback: 'Yes.' },
    ],
  },
  {
    id: 'q2',
    prompt: 'Institutional?',
    kind: 'multiple',
    options: [
      { id: 'a', text: 'Map', correct: true, feedback: null },
      { id: 'b', text: 'Rule', correct: true, feedback: null },
      { id: 'c', text: 'Insult', correct: false, feedback: null },
    ],
  },
];

describe('answerProblems', () => {
  it('accepts an answer for every question', () => {
    expect(answerProblems(questions, { q1: ['a'], q2: ['a', 'c'] })).toEqual([]);
  });

  it('names a question that does not exist and one left out', () => {
    expect(answerProblems(questions, { q1: ['b'], q9: ['a'] })).toEqual([
      { field: 'answers.q9', message: 'There is no question q9 in this knowledge check' },
      { field: 'answers.q2', message: 'Question q2 needs an answer' },
    ]);
  });

  it('refuses unknown options, repeated ones, none, and more than one for a single question', () => {
    expect(answerProblems(questions, { q1: ['z'], q2: ['a', 'a'] }).map((p) => p.message)).toEqual([
      'Question q1 has no option z',
      'An option of q2 is chosen twice',
    ]);
    expect(answerProblems(questions, { q1: ['a', 'b'], q2: [] }).map((p) => p.message)).toEqual([
      'Choose exactly one option for q1',
      'Choose at least one option for q2',
    ]);
    expect(answerProblems(questions, { q1: 'b', q2: [1] }).map((p) => p.field)).toEqual(['answers.q1', 'answers.q2']);
  });
});

describe('scoreAttempt', () => {
  it('counts a question right only when exactly its correct options are chosen', () => {
    const result = scoreAttempt(questions, { q1: ['b'], q2: ['a'] }, 2);
    expect(result.score).toBe(1);
    expect(result.passed).toBe(false);
    expect(result.questions.map((q) => q.correct)).toEqual([true, false]);
    expect(result.questions[0].options).toEqual([
      { id: 'a', chosen: false, correct: false, feedback: 'That is equality.' },
      { id: 'b', chosen: true, correct: true, feedback: 'Yes.' },
    ]);
  });

  it('passes at the pass mark', () => {
    expect(scoreAttempt(questions, { q1: ['b'], q2: ['b', 'a'] }, 2)).toMatchObject({ score: 2, passed: true });
    expect(scoreAttempt(questions, { q1: ['b'], q2: ['c'] }, 1)).toMatchObject({ score: 1, passed: true });
  });
});

describe('attemptRefusal', () => {
  it('refuses after a pass and beyond the limit, never when unlimited', () => {
    expect(attemptRefusal(0, 2, false)).toBeNull();
    expect(attemptRefusal(1, 2, false)).toBeNull();
    expect(attemptRefusal(2, 2, false)).toBe('No attempts left: 2 allowed');
    expect(attemptRefusal(1, 0, true)).toBe('This knowledge check is already passed');
    expect(attemptRefusal(50, 0, false)).toBeNull();
  });
});
