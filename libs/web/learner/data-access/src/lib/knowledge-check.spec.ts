import { knowledgeCheckLesson } from '../testing';
import { buildAnswers, choose, unanswered } from './knowledge-check';

const questions = knowledgeCheckLesson().knowledgeCheck!.questions;
const [single, multiple] = questions;

describe('knowledge check answers', () => {
  it('keeps one option for a single-answer question', () => {
    let selections = choose({}, single, 'a', true);
    selections = choose(selections, single, 'b', true);
    expect(selections).toEqual({ q1: ['b'] });
  });

  it('toggles options of a multiple-answer question', () => {
    let selections = choose({}, multiple, 'c', true);
    selections = choose(selections, multiple, 'a', true);
    selections = choose(selections, multiple, 'c', false);
    expect(selections).toEqual({ q2: ['a'] });
  });

  it('maps every question to its chosen option ids in option order, empty when unanswered', () => {
    expect(buildAnswers(questions, { q2: ['c', 'a'] })).toEqual({ q1: [], q2: ['a', 'c'] });
    expect(unanswered(questions, { q2: ['c'] }).map((q) => q.id)).toEqual(['q1']);
  });
});
