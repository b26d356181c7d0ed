import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The published figures (issue 14): what a protected caller (a viewer, an export made to share, the
 * leadership PDF) is answered from. A publication is computed off the request path — nightly by the
 * worker, after a roster feed, on "Publish now", or on the first protected request when none exists —
 * protected jointly over the whole published set, and stored whole, so every protected answer is a
 * read of one publication and no two answers can be combined to undo it.
 *
 * `variant` is '' for the publication everyone protected sees; a viewer who also leads departments
 * gets one of their own, with those departments' figures exact (fixed) and the rest protected
 * around them (the departments' ids, sorted and joined with commas). A figure is one department's
 * subtree (the whole city: the all-zero id) × one course or track × everyone or active staff only ×
 * the total ('' attribute) or one value of one attribute; each of its four counts is null when
 * hidden, with the reason in its mark.
 */
export class ReportPublications1799500000001 implements MigrationInterface {
  name = 'ReportPublications1799500000001';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE report_publication (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        variant     text NOT NULL DEFAULT '',
        as_of       date NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now(),
        stats       jsonb NOT NULL
      )`);
    await queryRunner.query(`CREATE INDEX report_publication_latest ON report_publication (variant, computed_at DESC)`);
    const mark = (measure: string) =>
      `${measure}_mark text CHECK (${measure}_mark IN ('fewer_than_5', 'complementary', 'withheld')),
        CHECK ((${measure} IS NULL) = (${measure}_mark IS NOT NULL))`;
    await queryRunner.query(`
      CREATE TABLE report_published_figure (
        publication_id uuid NOT NULL REFERENCES report_publication (id) ON DELETE CASCADE,
        subject_id     uuid NOT NULL,
        department_id  uuid NOT NULL,
        active_only    boolean NOT NULL,
        attribute      text NOT NULL CHECK (attribute IN ('', 'job_class', 'work_location')),
        value          text NOT NULL,
        assigned       integer, ${mark('assigned')},
        completed      integer, ${mark('completed')},
        exempt         integer, ${mark('exempt')},
        overdue        integer, ${mark('overdue')},
        PRIMARY KEY (publication_id, department_id, attribute, value, active_only, subject_id)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE report_published_figure`);
    await queryRunner.query(`DROP TABLE report_publication`);
  }
}
