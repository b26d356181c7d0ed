/**
 * `/api/health` while ten leadership summary PDFs render at once (`npm run bench -- summary-pdf
 * [--pdfs 10]`), before and after, in one run: a server process answering a health route and a PDF
 * route (the real `renderSummaryPdf` on a city-sized dashboard: 240 departments, 14 courses and
 * tracks, 26 weeks), run twice — laying the PDFs out on its main thread (before), then on the
 * RenderPool's threads with its default size and queue (after, what the api does). This process
 * probes the health route one request after another while the PDFs render and prints its latency
 * (median, p95, max) beside the idle server's. Then it sends more PDFs at once than the pool takes
 * and counts the 503s (with Retry-After): the queue is bounded, nothing hangs. The server runs in a
 * process of its own so a blocked event loop there delays the probe's answer, not its clock.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderSummaryPdf, SUMMARY_PDF, type SummaryContent } from '@equip/server/reporting/testing';
import { RENDER_POOL_DEFAULTS, RenderPool } from '@equip/server/runtime';
import type { Dashboard, HeatmapRow, ProgressionOverview, ReportCount, ReportSubject } from '@equip/shared/contracts';
import { option, quantile } from './support/measure';

type Mode = 'main-thread' | 'render-pool';

const shown = (count: number): ReportCount => ({ count, suppressed: null });

/** A city-sized dashboard, deterministic: what the PDF lays out for the RASE administrator. */
function cityContent(): SummaryContent {
  const subjects: ReportSubject[] = Array.from({ length: 14 }, (_, i) => ({
    key: i === 0 ? 'track:all-staff-foundations' : `course:course-${i}`,
    kind: i === 0 ? 'track' : 'course',
    slug: i === 0 ? 'all-staff-foundations' : `course-${i}`,
    title: i === 0 ? 'All-staff foundations' : `Equity course number ${i} with a longer title`,
  }));
  const heatmap: HeatmapRow[] = [];
  for (let d = 0; d < 40; d++) {
    const ids = [`d${d}`, ...Array.from({ length: 5 }, (_, c) => `d${d}-${c}`)];
    ids.forEach((id, k) => {
      heatmap.push({
        department: { id, code: id.toUpperCase(), name: k === 0 ? `Department of Public Service ${d}` : `Division ${k} of department ${d}`, parentId: k === 0 ? null : `d${d}`, depth: k === 0 ? 0 : 1, hasChildren: k === 0 },
        cells: subjects.map((s, j) => {
          const assigned = 50 + ((d * 7 + k * 13 + j * 3) % 400);
          const completed = Math.floor((assigned * ((d + j + k) % 10)) / 10);
          return { subject: s.key, assigned: shown(assigned), completed: shown(completed), exempt: shown(j % 3), overdue: shown((d + j) % 17), percentCompleted: Math.round((completed / assigned) * 1000) / 10 };
        }),
      });
    });
  }
  const dashboard: Dashboard = {
    query: {},
    disclosure: 'protected',
    publication: null,
    subjects,
    overview: {
      foundationsTrack: subjects[0],
      staffTrained: shown(61_234),
      staff: shown(100_000),
      shareTrainedPercent: 61.2,
      completionsThisQuarter: shown(18_387),
      quarterStart: '2026-10-01',
      overdueNow: shown(4_120),
      dueNext30Days: shown(9_058),
      asOf: '2026-12-02T15:00:00.000Z',
    },
    heatmap,
    weekly: Array.from({ length: 26 }, (_, i) => ({
      weekStart: new Date(Date.UTC(2026, 5, 8 + 7 * i)).toISOString().slice(0, 10),
      completions: shown(400 + 13 * i),
      trainedCumulative: shown(40_000 + 800 * i),
      shareTrainedPercent: 40 + i * 0.8,
    })),
    competencies: [],
  };
  const progression: ProgressionOverview = {
    indicators: [],
    stages: (['emerging', 'developing', 'practicing', 'embedded'] as const).map((stage) => ({ stage, name: stage[0].toUpperCase() + stage.slice(1), description: '', requires: [] })),
    departments: Array.from({ length: 40 }, (_, d) => ({
      department: { id: `d${d}`, code: `D${d}`, name: `Department of Public Service ${d}` },
      stage: (['emerging', 'developing', 'practicing', 'embedded', null] as const)[d % 5],
      next: null,
      indicators: [],
    })),
    asOf: '2026-12-02T15:00:00.000Z',
    disclosure: 'protected',
  };
  return { dashboard, progression, cityName: 'Bench City', timeZone: 'America/New_York', cityWide: true };
}

/** The server process: /health answers at once; /pdf lays out the summary as `mode` says. */
async function serve(mode: Mode): Promise<void> {
  const content = cityContent();
  const pool = mode === 'render-pool' ? new RenderPool() : undefined;
  const server = createServer((req, res) => {
    if (req.url === '/health') {
      res.end('ok');
      return;
    }
    const render = pool ? pool.render(SUMMARY_PDF, content) : renderSummaryPdf(content);
    render.then(
      (pdf) => res.writeHead(200, { 'content-type': 'application/pdf', 'content-length': pdf.length }).end(pdf),
      (error: { status?: number; retryAfter?: number; message: string }) => {
        res.writeHead(error.status ?? 500, error.retryAfter ? { 'retry-after': String(error.retryAfter) } : {}).end(error.message);
      },
    );
  });
  server.listen(0, '127.0.0.1', () => process.send?.({ port: (server.address() as AddressInfo).port }));
  process.on('message', () => {
    void pool?.close();
    server.close(() => process.exit(0));
  });
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function timed(url: string): Promise<{ ms: number; status: number; retryAfter: string | null }> {
  const started = performance.now();
  const res = await fetch(url);
  await res.arrayBuffer();
  return { ms: performance.now() - started, status: res.status, retryAfter: res.headers.get('retry-after') };
}

/** Health probes one after another until `until` settles (or `count` probes when there is nothing to wait for). */
async function probe(base: string, until?: Promise<unknown>, count = 40): Promise<number[]> {
  let done = !until;
  void until?.finally(() => (done = true));
  const samples: number[] = [];
  while (until ? !done : samples.length < count) {
    samples.push((await timed(`${base}/health`)).ms);
    await new Promise((r) => setTimeout(r, 10));
  }
  return samples;
}

async function run(mode: Mode, pdfs: number): Promise<string[]> {
  const child: ChildProcess = fork(process.argv[1], ['--serve', mode], { stdio: 'inherit' });
  const port = await new Promise<number>((resolve) => child.once('message', (m: { port: number }) => resolve(m.port)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await timed(`${base}/pdf`); // fonts loaded, thread started: the first one is not what we measure
    const idle = await probe(base);
    const started = performance.now();
    const renders = Promise.all(Array.from({ length: pdfs }, () => timed(`${base}/pdf`)));
    const busy = await probe(base, renders);
    const results = await renders;
    const wall = performance.now() - started;
    if (results.some((r) => r.status !== 200)) throw new Error(`${mode}: ${results.filter((r) => r.status !== 200).length} of ${pdfs} PDFs failed`);
    const rows = [
      `${mode.padEnd(12)}  idle      /health  median ${ms(quantile(idle, 0.5))}  p95 ${ms(quantile(idle, 0.95))}  max ${ms(Math.max(...idle))}  (${idle.length} probes)`,
      `${mode.padEnd(12)}  ${String(pdfs).padStart(2)} PDFs   /health  median ${ms(quantile(busy, 0.5))}  p95 ${ms(quantile(busy, 0.95))}  max ${ms(Math.max(...busy))}  (${busy.length} probes); all ${pdfs} PDFs in ${(wall / 1000).toFixed(2)} s`,
    ];
    if (mode === 'render-pool') {
      const burst = RENDER_POOL_DEFAULTS.threads + RENDER_POOL_DEFAULTS.queue + 5;
      const answers = await Promise.all(Array.from({ length: burst }, () => timed(`${base}/pdf`)));
      const refused = answers.filter((a) => a.status === 503);
      const other = answers.filter((a) => a.status !== 200 && a.status !== 503);
      if (other.length > 0 || refused.some((a) => !a.retryAfter) || refused.length === 0) throw new Error(`burst of ${burst}: ${answers.map((a) => a.status).join(' ')}`);
      rows.push(
        `${mode.padEnd(12)}  burst of ${burst} at once (pool: ${RENDER_POOL_DEFAULTS.threads} thread, queue ${RENDER_POOL_DEFAULTS.queue}): ${answers.length - refused.length} rendered, ${refused.length} refused at once with 503 + Retry-After ${refused[0].retryAfter} s (slowest refusal ${ms(Math.max(...refused.map((a) => a.ms)))})`,
      );
    }
    return rows;
  } finally {
    child.send('stop');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--serve');
  if (at >= 0) return serve(process.argv[at + 1] as Mode);
  const pdfs = option('pdfs', 10);
  const one = await renderSummaryPdf(cityContent());
  process.stdout.write(`Summary PDF of a 240-department, 14-subject city: ${Math.round(one.length / 1024)} KB.\n`);
  const rows = [...(await run('main-thread', pdfs)), ...(await run('render-pool', pdfs))];
  process.stdout.write(`${rows.join('\n')}\n`);
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
