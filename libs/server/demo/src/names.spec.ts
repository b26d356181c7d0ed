import { EmailAllocator, emailPart, generateName } from './names';
import { Prng } from './prng';

describe('Prng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const draw = (seed: number) => {
      const prng = new Prng(seed);
      return Array.from({ length: 20 }, () => prng.next());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7).every((x) => x >= 0 && x < 1)).toBe(true);
  });
});

describe('generateName', () => {
  it('is deterministic for a seed', () => {
    const names = (seed: number) => {
      const prng = new Prng(seed);
      return Array.from({ length: 50 }, () => generateName(prng));
    };
    expect(names(2020)).toEqual(names(2020));
    expect(names(2020)).not.toEqual(names(2021));
  });
});

describe('emailPart', () => {
  it('folds accents, drops apostrophes and spaces, keeps hyphens', () => {
    expect(emailPart('María')).toBe('maria');
    expect(emailPart("O'Connor")).toBe('oconnor');
    expect(emailPart('Dela Cruz')).toBe('delacruz');
    expect(emailPart('Min-jun')).toBe('min-jun');
    expect(emailPart('Traoré')).toBe('traore');
  });
});

describe('EmailAllocator', () => {
  it('adds a number to a taken address, in order', () => {
    const emails = new EmailAllocator('city.example');
    const ana = { firstName: 'Ana', lastName: 'López' };
    expect(emails.allocate(ana)).toBe('ana.lopez@city.example');
    expect(emails.allocate(ana)).toBe('ana.lopez2@city.example');
    expect(emails.allocate({ firstName: 'Ána', lastName: 'Lopez' })).toBe('ana.lopez3@city.example');
  });
});
