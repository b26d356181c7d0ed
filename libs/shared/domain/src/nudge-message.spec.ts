import { nudgeMessage } from './nudge-message';

describe('nudgeMessage', () => {
  it('names the sender and the training, and quotes the personal note', () => {
    expect(nudgeMessage({ from: 'Emily Sullivan', titles: ['Equity basics'], notes: [' Ten minutes at the start of Monday’s shift? '] })).toEqual({
      subject: 'A reminder from Emily Sullivan: Equity basics',
      preview: 'Emily Sullivan asked us to remind you',
      paragraphs: ['Emily Sullivan asked us to remind you about this training.', 'Emily Sullivan wrote: “Ten minutes at the start of Monday’s shift?”'],
    });
  });

  it('counts several trainings, says "your equity lead" for no name, and leaves out blank or repeated notes', () => {
    const message = nudgeMessage({ from: null, titles: ['A', 'B'], notes: ['', 'Please', 'Please'] });
    expect(message.subject).toBe('A reminder from your equity lead: 2 trainings');
    expect(message.paragraphs).toEqual(['Your equity lead asked us to remind you about these trainings.', 'Your equity lead wrote: “Please”']);
  });
});
