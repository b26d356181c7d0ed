import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reminders: the `notification` ledger (one row per person, assignment, threshold and cycle; its
 * unique key is what makes a retried or doubled sweep harmless), the `mail_delivery` record that
 * makes each email exactly-once, and each person's email preference for optional trainings.
 */
export class CreateNotifications1764000001000 implements MigrationInterface {
  name = 'CreateNotifications1764000001000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE TABLE notification (
        id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        -- <kind>:<assignment>:<cycle>[:<threshold or repeat>] for the learner's own reminders,
        -- escalation:<assignment>:<cycle>:<lead>, nudge:<nudge id>
        dedup_key      text NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('due_soon', 'due_today', 'overdue', 'escalation', 'nudge')),
        -- due_soon: days before the due date; overdue: the repeat number (0 = first)
        threshold      integer CHECK (threshold >= 0),
        recipient_id   uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        -- the person the reminder is about (the recipient, except for escalations)
        staff_id       uuid NOT NULL REFERENCES staff (id) ON DELETE RESTRICT,
        -- an assignment withdrawn from a person (a cohort left) takes its reminders with it
        assignment_id  uuid NOT NULL REFERENCES assignment (id) ON DELETE CASCADE,
        -- escalations and nudges: the cohort the work came through
        cohort_id      uuid REFERENCES cohort (id) ON DELETE SET NULL,
        nudge_id       bigint REFERENCES nudge (id) ON DELETE SET NULL,
        -- nudges: the outbox row that announced it, marked done with the mail that carries it
        outbox_id      bigint,
        -- which mail carries it: the learner's daily digest, the lead's escalation digest, a nudge mail
        digest         text NOT NULL CHECK (digest IN ('learner', 'escalation', 'nudge')),
        -- the city-local day it is for
        day            date NOT NULL,
        delivery       text NOT NULL DEFAULT 'pending' CHECK (delivery IN ('pending', 'sent', 'not_sent')),
        delivery_key   text,
        delivered_at   timestamptz,
        read_at        timestamptz,
        created_at     timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT notification_dedup_key_unique UNIQUE (dedup_key),
        CONSTRAINT notification_delivered CHECK ((delivery = 'pending') = (delivered_at IS NULL))
      )`);
    // The person's own list (newest first) and unread count.
    await queryRunner.query(`CREATE INDEX notification_recipient ON notification (recipient_id, id DESC)`);
    await queryRunner.query(`CREATE INDEX notification_unread ON notification (recipient_id) WHERE read_at IS NULL`);
    // What the next digests carry.
    await queryRunner.query(`CREATE INDEX notification_pending ON notification (digest, recipient_id, day) WHERE delivery = 'pending'`);
    await queryRunner.query(`CREATE INDEX notification_assignment ON notification (assignment_id)`);

    // One row per email handed to the SMTP server, written in the transaction that records its effect.
    await queryRunner.query(`
      CREATE TABLE mail_delivery (
        key         text PRIMARY KEY,
        recipient   text NOT NULL,
        subject     text NOT NULL,
        message_id  text,
        sent_at     timestamptz NOT NULL DEFAULT now()
      )`);

    await queryRunner.query(`
      CREATE TABLE notification_preference (
        staff_id                 uuid PRIMARY KEY REFERENCES staff (id) ON DELETE CASCADE,
        -- reminders for self-enrolled trainings by email; assigned trainings always are
        optional_training_email  boolean NOT NULL DEFAULT true,
        updated_at               timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['notification_preference', 'mail_delivery', 'notification']) await queryRunner.query(`DROP TABLE ${table}`);
  }
}
