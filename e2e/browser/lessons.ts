import type { KnowledgeCheckLesson, StoredLesson } from '@equip/shared/contracts';
import { Client } from 'pg';
import type { Page } from 'playwright-core';

/** A course's knowledge check as stored, with the correct answers (the learner api never sends them). */
export async function storedKnowledgeCheck(databaseUrl: string, courseSlug: string): Promise<KnowledgeCheckLesson> {
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ lessons: StoredLesson[] }>(
      `SELECT lessons FROM course_version cv JOIN course c ON c.id = cv.course_id WHERE c.slug = $1 AND cv.id = c.current_version_id`,
      [courseSlug],
    );
    const lesson = rows[0]?.lessons.find((l): l is KnowledgeCheckLesson => l.type === 'knowledge-check');
    if (!lesson) throw new Error(`${courseSlug} has no knowledge check`);
    return lesson;
  } finally {
    await client.end();
  }
}

/**
 * From the lesson open on the page, "Mark as done and continue" until a lesson that has no such
 * button (a knowledge check, a reflection): each next lesson has rendered when its heading, a
 * different one, has taken focus.
 */
export async function markLessonsDone(page: Page): Promise<void> {
  const markDone = page.getByRole('button', { name: 'Mark as done and continue' });
  await markDone.waitFor();
  for (let lesson = 1; (await markDone.count()) > 0; lesson++) {
    if (lesson >= 10) throw new Error('more than 9 lessons to mark as done');
    const title = ((await page.getByRole('heading', { level: 1 }).textContent()) ?? '').trim();
    const path = new URL(page.url()).pathname;
    await markDone.click();
    await page.waitForURL((url) => url.pathname !== path);
    await page.waitForFunction((previous) => {
      const heading = document.querySelector('#main h1');
      return heading && heading.textContent?.trim() !== previous && document.activeElement === heading;
    }, title);
  }
}

/** Chooses exactly the correct options of the knowledge check on the page. */
export async function chooseCorrectAnswers(page: Page, check: KnowledgeCheckLesson): Promise<void> {
  for (const question of check.questions) {
    for (const option of question.options) {
      const input = page.locator(`#kc-${question.id}-${option.id}`);
      if (question.kind === 'single') {
        if (option.correct) await input.check();
      } else {
        await input.setChecked(option.correct);
      }
    }
  }
}
