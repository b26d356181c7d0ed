import { ROSTER_COLUMNS } from '@equip/shared/contracts';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

/**
 * A deterministic synthetic city for benchmarks: a department tree and a roster CSV of any size.
 * Everything comes from a seeded generator and small typed arrays, so making a 100,000-row file
 * does not inflate the memory the benchmark then measures.
 */

export interface SyntheticDepartment {
  code: string;
  name: string;
  parentCode: string | null;
}

/** 30 departments × 5 divisions × 2 sections = 480 units. */
export function departmentTree(): SyntheticDepartment[] {
  const units: SyntheticDepartment[] = [];
  for (let d = 1; d <= 30; d++) {
    const code = `D${String(d).padStart(2, '0')}`;
    units.push({ code, name: `Department ${d}`, parentCode: null });
    for (let v = 1; v <= 5; v++) {
      units.push({ code: `${code}-V${v}`, name: `Department ${d} division ${v}`, parentCode: code });
      for (let s = 1; s <= 2; s++) units.push({ code: `${code}-V${v}-S${s}`, name: `Department ${d} division ${v} section ${s}`, parentCode: `${code}-V${v}` });
    }
  }
  return units;
}

/** mulberry32 */
class Prng {
  constructor(private state: number) {}
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
}

const FIRST = ['Zoë', 'José', 'Thị Lan', 'Siobhán', 'Ana María', 'Kwame', 'Mei', 'Olusegun', 'Renée', 'Łukasz', 'Aisha', 'Dmitri', 'Priya', 'Tomás', 'Fatima', 'Jamal'];
const LAST = ["O'Brien", 'Nguyễn', 'García', 'Washington', 'Müller', "D'Angelo", 'Kim', 'Okafor', 'Haddad', 'Johnson', 'Fernández-Ruiz', 'Smith', 'Chen', 'Novák'];
const TITLES = ['Analyst, Senior', 'Planner II', 'Recreation Leader I', 'Crew Leader, "Night Shift"', 'Librarian', 'Engineer III', 'Program Manager', 'Clerk'];
const CLASSES = ['Professional', 'Service', 'Management', 'Labor and Trades', 'Executive'];
const PLACES = ['City Hall', '301 King St, Room 4100', 'Operations Yard', 'Main Library', 'Fire Station 204'];

export interface RosterVariant {
  /** Rows whose job title changes (every n-th row), 0 for none. */
  changeEvery?: number;
  /** Leaves (people who manage nobody) left out of the file (every n-th leaf), 0 for none. */
  dropEvery?: number;
  /** New people added at the end. */
  add?: number;
}

const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase();
const field = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * Writes `rows` staff as a roster CSV in a shuffled order (so many managers come after their
 * reports). Person i's manager is someone generated before them, so the chain never loops.
 * Returns how many rows it wrote and what the variant changes, for checking the import's counts.
 */
export async function writeRoster(path: string, rows: number, seed: number, variant: RosterVariant = {}): Promise<{ rows: number; deactivated: number; changed: number; added: number; bytes: number }> {
  const units = departmentTree();
  const prng = new Prng(seed);
  const managerOf = new Int32Array(rows).fill(-1);
  const manages = new Uint8Array(rows);
  for (let i = 1; i < rows; i++) {
    const r = prng.next();
    managerOf[i] = Math.floor(i * r * r * r);
    manages[managerOf[i]] = 1;
  }
  const order = Int32Array.from({ length: rows }, (_, i) => i);
  for (let i = rows - 1; i > 0; i--) {
    const j = prng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }

  const out = createWriteStream(path);
  let bytes = 0;
  let buffer = `${ROSTER_COLUMNS.join(',')}\n`;
  const flush = async () => {
    bytes += Buffer.byteLength(buffer);
    if (!out.write(buffer)) await once(out, 'drain');
    buffer = '';
  };
  const person = (i: number, id: string, manager: string, changed: boolean) => {
    const p = new Prng(seed * 31 + i);
    const first = FIRST[p.int(FIRST.length)];
    const last = LAST[p.int(LAST.length)];
    const unit = units[p.int(units.length)].code;
    const drawn = TITLES[p.int(TITLES.length)];
    const title = changed ? 'Equity Program Lead' : drawn;
    const hire = new Date(Date.UTC(1990, 0, 1) + p.int(36 * 365) * 86_400_000).toISOString().slice(0, 10);
    const status = p.next() < 0.03 ? 'inactive' : 'active';
    const values = [id, first, last, `${ascii(first)}.${ascii(last)}.${id.toLowerCase()}@bench.example`, unit, title, CLASSES[p.int(CLASSES.length)], PLACES[p.int(PLACES.length)], manager, hire, status];
    return { line: values.map(field).join(','), active: status === 'active' };
  };
  const id = (i: number) => `B${String(i).padStart(7, '0')}`;

  let written = 0;
  let droppedActive = 0;
  let changed = 0;
  let leaves = 0;
  for (const i of order) {
    const manager = managerOf[i] >= 0 ? id(managerOf[i]) : '';
    if (!manages[i] && variant.dropEvery && ++leaves % variant.dropEvery === 0) {
      if (person(i, id(i), manager, false).active) droppedActive++;
      continue;
    }
    const change = !!variant.changeEvery && i % variant.changeEvery === 0;
    if (change) changed++;
    buffer += `${person(i, id(i), manager, change).line}\n`;
    written++;
    if (buffer.length > 64 * 1024) await flush();
  }
  for (let n = 0; n < (variant.add ?? 0); n++) {
    // New people report to someone who manages others already, so never to someone left out.
    let manager = prng.int(rows);
    while (!manages[manager]) manager = prng.int(rows);
    buffer += `${person(rows + n, `N${String(n).padStart(7, '0')}`, id(manager), false).line}\n`;
    written++;
  }
  await flush();
  out.end();
  await once(out, 'finish');
  return { rows: written, deactivated: droppedActive, changed, added: variant.add ?? 0, bytes };
}
