import { Client } from 'pg';

/** One row changed in the database: which table and how. */
export interface Write {
  table: string;
  op: 'INSERT' | 'UPDATE' | 'DELETE' | 'TRUNCATE';
}

/**
 * Records every row a transaction changes, in every table of a test database, so a test can say
 * exactly what a request wrote. Row-level AFTER triggers write a row of their own in the same
 * transaction: what rolls back leaves no trace, and an UPDATE that matches nothing is not a write.
 * (Comparing the server's next transaction id is cheaper, but other databases on the same server
 * move it.) Install it on a database no one else uses, after its fixtures and before the api starts.
 */
export class WriteLog {
  private seen = 0;

  private constructor(private readonly client: Client) {}

  static async install(databaseUrl: string): Promise<WriteLog> {
    const client = new Client({ connectionString: databaseUrl });
    await client.connect();
    await client.query(`
      CREATE TABLE test_write_log (id bigserial PRIMARY KEY, table_name text NOT NULL, op text NOT NULL);
      CREATE FUNCTION test_write_log_record() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO test_write_log (table_name, op) VALUES (TG_TABLE_NAME, TG_OP);
        RETURN NULL;
      END $$;
      DO $$
      DECLARE t regclass;
      BEGIN
        -- Every table but the log and partitions (a trigger on a partitioned table covers its partitions).
        FOR t IN SELECT c.oid::regclass FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> 'test_write_log'
        LOOP
          EXECUTE format('CREATE TRIGGER test_write_log AFTER INSERT OR UPDATE OR DELETE ON %s FOR EACH ROW EXECUTE FUNCTION test_write_log_record()', t);
          EXECUTE format('CREATE TRIGGER test_write_log_truncate AFTER TRUNCATE ON %s FOR EACH STATEMENT EXECUTE FUNCTION test_write_log_record()', t);
        END LOOP;
      END $$;`);
    return new WriteLog(client);
  }

  /** What was written since the last call (or since installing). */
  async since(): Promise<Write[]> {
    const { rows } = await this.client.query<{ id: string; table_name: string; op: Write['op'] }>(
      'SELECT id, table_name, op FROM test_write_log WHERE id > $1 ORDER BY id',
      [this.seen],
    );
    if (rows.length > 0) this.seen = Number(rows[rows.length - 1].id);
    return rows.map((r) => ({ table: r.table_name, op: r.op }));
  }

  close(): Promise<void> {
    return this.client.end();
  }
}
