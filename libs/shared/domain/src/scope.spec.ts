import { scopeFor } from './scope';

describe('scopeFor', () => {
  const base = { id: 's1', leadDepartments: [] as { id: string }[] };

  it('gives administrators the whole city with write access', () => {
    expect(scopeFor({ ...base, roles: ['learner', 'rase_admin', 'equity_lead'] })).toEqual({ kind: 'city', actorId: 's1', canWrite: true, personLevel: true });
  });

  it('gives viewers the whole city, read-only', () => {
    expect(scopeFor({ ...base, roles: ['learner', 'viewer'] })).toEqual({ kind: 'city', actorId: 's1', canWrite: false, personLevel: false });
  });

  it('keeps the departments a viewer also leads, for exact figures there', () => {
    expect(scopeFor({ ...base, roles: ['viewer', 'equity_lead'], leadDepartments: [{ id: 'd1' }] })).toEqual({
      kind: 'city',
      actorId: 's1',
      canWrite: false,
      personLevel: false,
      leadRootDepartmentIds: ['d1'],
    });
  });

  it('limits equity leads to the departments they lead', () => {
    expect(scopeFor({ ...base, roles: ['learner', 'equity_lead'], leadDepartments: [{ id: 'd1' }, { id: 'd2' }] })).toEqual({
      kind: 'departments',
      actorId: 's1',
      rootDepartmentIds: ['d1', 'd2'],
    });
  });

  it('limits learners to themselves', () => {
    expect(scopeFor({ ...base, roles: ['learner'] })).toEqual({ kind: 'self', actorId: 's1' });
  });
});
