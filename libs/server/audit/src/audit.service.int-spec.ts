import { createTestDatabase, TestDatabase } from '@equip/server/testing';
import { Client } from 'pg';

describe('audit_event', () => {
  let db: TestDatabase;
  let client: Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    client = new Client({ connectionString: db.url });
    await client.connect();
    await client.query(`INSERT INTO audit_event (action, subject_type, subject_id) VALUES ('role.granted', 'staff', 'x')`);
  });

  afterAll(async () => {
    await client.end();
    await db.drop();
  });

  it('cannot be edited', async () => {
    await expect(client.query(`UPDATE audit_event SET action = 'role.revoked'`)).rejects.toThrow('audit events cannot be changed or deleted');
  });

  it('cannot be deleted or truncated', async () => {
    await expect(client.query(`DELETE FROM audit_event`)).rejects.toThrow('audit events cannot be changed or deleted');
    await expect(client.query(`TRUNCATE audit_event`)).rejects.toThrow('audit events cannot be changed or deleted');
    const { rows } = await client.query('SELECT count(*)::int AS n FROM audit_event');
    expect(rows[0].n).toBe(1);
  });
});
