import { audienceFits } from './audience';

describe('audienceFits', () => {
  it('suggests a course for equity leads to leads and administrators, never to a learner only', () => {
    expect(audienceFits('equity-leads', ['learner'])).toBe(false);
    expect(audienceFits('equity-leads', ['learner', 'equity_lead'])).toBe(true);
    expect(audienceFits('equity-leads', ['rase_admin'])).toBe(true);
    expect(audienceFits('equity-leads', ['viewer'])).toBe(false);
  });

  it('suggests all-staff courses to everyone, and managers’ courses to leads, administrators and leadership', () => {
    for (const roles of [['learner'], ['viewer'], ['equity_lead']] as const) expect(audienceFits('all-staff', roles)).toBe(true);
    expect(audienceFits('managers', ['learner'])).toBe(false);
    expect(audienceFits('managers', ['viewer'])).toBe(true);
  });
});
