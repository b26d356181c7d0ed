import { areasFor } from './areas';

describe('areasFor', () => {
  it('gives every learner the learning area only', () => {
    expect(areasFor(['learner'])).toEqual(['learn']);
  });

  it('adds the lead area for equity leads', () => {
    expect(areasFor(['learner', 'equity_lead'])).toEqual(['learn', 'lead']);
  });

  it('opens the RASE area to administrators and viewers, in navigation order', () => {
    expect(areasFor(['viewer', 'learner'])).toEqual(['learn', 'rase']);
    expect(areasFor(['rase_admin'])).toEqual(['rase']);
  });
});
