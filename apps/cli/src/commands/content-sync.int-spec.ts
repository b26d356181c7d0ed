import { createTestDatabase, TestDatabase, testConfig } from '@equip/server/testing';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { contentSync } from './content-sync';

const root = resolve(__dirname, '../../../..');
const fixtures = 'libs/server/catalog/src/content/__fixtures__';

describe('content-sync against PostgreSQL', () => {
  let db: TestDatabase;
  let out: string;

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(() => {
    out = '';
    jest.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
    jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => jest.restoreAllMocks());

  const rows = async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      const { rows } = await client.query(`SELECT (SELECT count(*) FROM course)::int AS courses, (SELECT count(*) FROM course_version)::int AS versions`);
      return rows[0];
    } finally {
      await client.end();
    }
  };

  it('publishes a catalog once; the second run changes nothing; a catalog with problems is refused', async () => {
    const config = testConfig({ databaseUrl: db.url });
    expect(await contentSync(config, ['--dir', `${fixtures}/valid`], undefined, root)).toBe(0);
    expect(out).toContain('courses      2 created, 0 updated, 0 archived, 0 unchanged (2 new versions)');
    expect(await rows()).toEqual({ courses: 2, versions: 2 });

    out = '';
    expect(await contentSync(config, ['--dir', `${fixtures}/valid`], undefined, root)).toBe(0);
    expect(out).toContain('is already published; nothing changed');

    expect(await contentSync(config, ['--dir', `${fixtures}/broken`], undefined, root)).toBe(1);
    expect(await rows()).toEqual({ courses: 2, versions: 2 });
  });
});
