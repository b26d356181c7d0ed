import { join } from 'node:path';
import { PROTECTED_FIGURES_EXPLANATION, SUPPRESSION_REASONS, type PublicationStatus } from '@equip/shared/contracts';
import { Client } from 'pg';
import type { Browser, Page } from 'playwright-core';
import { e2e } from '../support/environment';
import { ARTIFACTS, axeViolations, expectText, launch } from './browser';

/**
 * Who sees exact figures, in the browser: a RASE administrator opens the city-wide dashboard and
 * sees exact figures (no cell hidden, the page saying so), switches on "Show as published" and sees
 * what viewers see — hidden figures, each with its reason in a tooltip that keyboard focus opens —
 * with the summary PDF's link following the switch — and, since those are read from the figures the
 * worker published before the journey's change, presses "Publish now" and sees the change arrive; a
 * viewer sees the published figures and the one sentence saying what "fewer than 5" means, with no
 * switch, no window of weeks, and in words what is not published (weeks, competencies, equity
 * stages), on a desktop and at 375 px. Every state is checked with axe.
 *
 * Setup in the database: three people of Transportation and Environmental Services (TES) are
 * assigned the racial equity toolkit, so TES's cell counts a group of three.
 */
// The dashboard is the heaviest page the journeys open; on a shared two-core machine a step can take longer than a minute.
jest.setTimeout(360_000);

describe('exact and protected figures on the dashboard', () => {
  const { baseUrl, demoPassword } = e2e();
  let browser: Browser;

  beforeAll(async () => {
    const client = new Client({ connectionString: e2e().databaseUrl });
    await client.connect();
    try {
      await client.query(
        `INSERT INTO assignment (staff_id, course_id, due_on)
         SELECT s.id, c.id, city_today() + 30
           FROM (SELECT id FROM staff WHERE active AND department_id = (SELECT id FROM department WHERE code = 'TES') ORDER BY employee_id LIMIT 3) s,
                course c WHERE c.slug = 'racial-equity-toolkit'`,
      );
    } finally {
      await client.end();
    }
    browser = await launch();
  });

  afterAll(async () => {
    await browser?.close();
  });

  async function signIn(email: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/sign-in`);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(demoPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL((url) => url.pathname === '/rase');
    return page;
  }

  const heatmap = (page: Page) => page.getByRole('table', { name: /^Share of assignments completed/ });

  /** Opens every unit of the heatmap, so each department's cell is on screen. */
  async function expandAll(page: Page): Promise<void> {
    await heatmap(page).waitFor();
    await page.getByRole('button', { name: 'Expand all' }).click();
    await page.locator('table.heatmap button[aria-expanded="true"]').first().waitFor();
  }

  async function expectNoAxeViolations(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: join(ARTIFACTS, `disclosure-${name}.png`), fullPage: true });
    expect(await axeViolations(page)).toEqual([]);
  }

  it('shows an administrator exact figures, then what viewers see with the reason each hidden figure is hidden', async () => {
    const page = await signIn('admin@equip.demo');
    await page.goto(`${baseUrl}/rase/dashboard`);
    await expectText(page.getByTestId('disclosure'), /You see exact figures, small groups included/);
    await expandAll(page);
    // TES's three people: exact, none of them hidden.
    await expectText(heatmap(page), /0%/);
    expect(await heatmap(page).locator('.heatmap__hidden').count()).toBe(0);
    const toggle = page.getByRole('switch', { name: 'Show as published' });
    expect(await toggle.isChecked()).toBe(false);
    await expect(page.getByRole('link', { name: 'Download summary (PDF, published figures)' }).getAttribute('href')).resolves.toBe('/api/reports/dashboard/summary.pdf');
    await expectNoAxeViolations(page, 'admin-exact');

    await toggle.check();
    await page.waitForURL((url) => url.searchParams.get('figures') === 'published');
    // The journey's three assignments came after the worker published: publish now, and wait for the new figures.
    const publishedAt = page.getByTestId('publication');
    await expectText(publishedAt, /Viewers see the figures published/);
    // When the publication viewers see was computed, to the millisecond (the page names the minute).
    const computedAt = async () => ((await (await page.request.get(`${baseUrl}/api/reports/publication`)).json()) as PublicationStatus).latest?.computedAt;
    const before = await computedAt();
    await page.getByRole('button', { name: 'Publish now' }).click();
    await expectText(page.getByRole('status').filter({ hasText: 'being published' }), /The figures are being published/);
    // The worker publishes the whole shared city again (and each lead-viewer's): on a busy machine, minutes.
    for (const deadline = Date.now() + 240_000; (await computedAt()) === before; await page.waitForTimeout(1_000)) {
      if (Date.now() > deadline) throw new Error('the new published figures did not arrive');
    }
    await page.reload();
    await expectText(publishedAt, /Viewers see the figures published/);
    await expectText(page.getByTestId('disclosure'), /stands for a count from 1 to 4/);
    expect(await page.getByTestId('disclosure').textContent()).toContain(PROTECTED_FIGURES_EXPLANATION);
    await expandAll(page);
    const hidden = heatmap(page).locator('.heatmap__hidden');
    await hidden.first().waitFor();
    // Reached from the keyboard: focus opens the tooltip naming the reason.
    const first = hidden.first();
    await first.focus();
    // The figure is the element's own text; the tooltip inside it holds the reason.
    const text = (await first.evaluate((el) => el.firstChild?.textContent ?? '')).trim();
    const tooltip = first.getByRole('tooltip');
    expect(await tooltip.isVisible()).toBe(true);
    expect(await tooltip.textContent()).toBe(text === 'fewer than 5' ? SUPPRESSION_REASONS.fewer_than_5 : SUPPRESSION_REASONS.complementary);
    expect(['fewer than 5', 'suppressed']).toContain(text);
    await expect(page.getByRole('link', { name: 'Download summary (PDF, published figures)' }).getAttribute('href')).resolves.toBe('/api/reports/dashboard/summary.pdf?figures=published');
    await expectNoAxeViolations(page, 'admin-published');

    // At least one "fewer than 5" somewhere in the published table, with its own reason.
    const fewer = heatmap(page).locator('.heatmap__hidden', { hasText: /^fewer than 5/ }).first();
    await fewer.focus();
    expect(await fewer.getByRole('tooltip').textContent()).toBe(SUPPRESSION_REASONS.fewer_than_5);
    await page.context().close();
  });

  it('shows a viewer protected figures and the one sentence saying what they mean', async () => {
    const page = await signIn('viewer@equip.demo');
    await page.goto(`${baseUrl}/rase/dashboard`);
    await expectText(page.getByTestId('disclosure'), /stands for a count from 1 to 4/);
    expect((await page.getByTestId('disclosure').textContent())?.trim()).toBe(PROTECTED_FIGURES_EXPLANATION);
    expect(await page.getByRole('switch', { name: 'Show as published' }).count()).toBe(0);
    await expectText(page.getByRole('status').filter({ hasText: 'Published figures as of' }), /Published figures as of .+ (EST|EDT)/);
    // Published figures have no window of weeks, no series by week, no competencies and no stages: the page says so.
    expect(await page.getByLabel('Completions from').count()).toBe(0);
    await expectText(page.getByTestId('not-published'), /Figures by week and competency levels are not part of the published figures/);
    await expectText(page.getByTestId('progression-not-published'), /equity stages are not part of the published figures/);
    await expandAll(page);
    await heatmap(page).locator('.heatmap__hidden', { hasText: /^fewer than 5/ }).first().waitFor();
    await expectText(page.locator('.figures'), /Staff trained in/);
    await expectText(page.locator('.figures'), /not published/);
    await expectNoAxeViolations(page, 'viewer');
    await page.setViewportSize({ width: 375, height: 812 });
    await expectNoAxeViolations(page, 'viewer-phone');
    await page.context().close();
  });
});
