import type { ContentProblem } from '@equip/shared/contracts';
import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar, YAMLMap } from 'yaml';

/**
 * A YAML text (a whole file, or a lesson's front matter) and where its problems go. Every problem
 * is reported with the file's own line number: `lineOffset` is added to the YAML's lines, so front
 * matter (which starts on line 2 of a lesson) reports the line in the .md file.
 */
export class YamlSource {
  private readonly lineCounter = new LineCounter();
  /** The parsed root, or null when the text is not well-formed YAML (the problem is already reported). */
  readonly root: Node | null;
  readonly malformed: boolean;
  /** The parsed value as plain data (comments, quoting and key order gone): what a content hash covers. */
  readonly data: unknown;

  constructor(
    readonly file: string,
    text: string,
    private readonly problems: ContentProblem[],
    private readonly lineOffset = 0,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lineCounter, prettyErrors: false, uniqueKeys: true });
    // One parser error usually sets off others; the first is the one to fix.
    let error: unknown = doc.errors[0];
    let data: unknown = null;
    if (error) {
      this.problem(this.lineAt(doc.errors[0].pos[0]), `malformed YAML: ${doc.errors[0].message.split('\n')[0]}`);
    } else {
      try {
        data = doc.toJS({ maxAliasCount: 100 });
      } catch (e) {
        // an alias to an anchor that does not exist, or an alias bomb
        error = true;
        this.problem(1 + lineOffset, `malformed YAML: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    this.malformed = Boolean(error);
    this.root = this.malformed ? null : ((doc.contents as Node | null) ?? null);
    this.data = this.malformed ? null : data;
  }

  problem(line: number, message: string): void {
    this.problems.push({ file: this.file, line, message });
  }

  lineAt(offset: number): number {
    return this.lineCounter.linePos(offset).line + this.lineOffset;
  }

  /** The first line of a node; the start of the text for a missing one. */
  lineOf(node: Node | null | undefined): number {
    return node?.range ? this.lineAt(node.range[0]) : 1 + this.lineOffset;
  }

  /** The root as a mapping of known keys, or null (reported) when it is something else. */
  rootFields(what: string, keys: KeySpec): Fields | null {
    if (this.malformed) return null;
    return this.fields(this.root, what, keys, 1 + this.lineOffset);
  }

  /** A node that should be a mapping with these keys; null (reported) when it is not. */
  fields(node: Node | null | undefined, what: string, keys: KeySpec, line = this.lineOf(node)): Fields | null {
    if (!isMap(node)) {
      this.problem(line, `${what} must be a mapping of keys and values`);
      return null;
    }
    return new Fields(this, node, keys);
  }

  /** A node that should be a sequence; its items, or null (reported). */
  items(node: Node | null | undefined, what: string, line = this.lineOf(node)): Node[] | null {
    if (isSeq(node)) return node.items as Node[];
    this.problem(line, `${what} must be a list`);
    return null;
  }
}

export interface KeySpec {
  required: readonly string[];
  optional: readonly string[];
}

type ValueNode = Node | null;

/**
 * The keys of one mapping. Missing required keys and unknown keys (usually typos, which would
 * otherwise be silently ignored) are reported when it is made; the readers report a value of the
 * wrong kind on the value's line and return undefined.
 */
export class Fields {
  private readonly values = new Map<string, { keyLine: number; value: ValueNode }>();
  readonly line: number;

  constructor(
    readonly source: YamlSource,
    map: YAMLMap,
    keys: KeySpec,
  ) {
    this.line = source.lineOf(map as unknown as Node);
    const known = new Set([...keys.required, ...keys.optional]);
    for (const pair of map.items) {
      const keyNode = pair.key as Node | null;
      const key = isScalar(keyNode) ? String(keyNode.value) : undefined;
      const keyLine = source.lineOf(keyNode);
      if (key === undefined) {
        source.problem(keyLine, 'a key must be a plain word');
        continue;
      }
      if (!known.has(key)) {
        source.problem(keyLine, `unknown key "${key}"`);
        continue;
      }
      this.values.set(key, { keyLine, value: (pair.value as Node | null) ?? null });
    }
    for (const key of keys.required) {
      if (!this.values.has(key)) source.problem(this.line, `missing required key "${key}"`);
    }
  }

  has(key: string): boolean {
    return this.values.has(key);
  }

  node(key: string): ValueNode {
    return this.values.get(key)?.value ?? null;
  }

  /** The line of the value (or of the key when the value is empty); the mapping's line when absent. */
  lineOf(key: string): number {
    const entry = this.values.get(key);
    if (!entry) return this.line;
    return entry.value?.range ? this.source.lineOf(entry.value) : entry.keyLine;
  }

  problem(key: string, message: string): void {
    this.source.problem(this.lineOf(key), message);
  }

  private scalar(key: string): { present: boolean; value: unknown } {
    if (!this.values.has(key)) return { present: false, value: undefined };
    const node = this.node(key);
    if (node === null) return { present: true, value: null };
    return { present: true, value: isScalar(node) ? (node as Scalar).value : node };
  }

  /** A non-empty string (numbers and booleans are not accepted where text is expected). */
  string(key: string): string | undefined {
    const { present, value } = this.scalar(key);
    if (!present) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      this.problem(key, `"${key}" must be non-empty text`);
      return undefined;
    }
    return value.trim();
  }

  integer(key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
    const { present, value } = this.scalar(key);
    if (!present) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      const range = max === Number.MAX_SAFE_INTEGER ? `${min} or more` : `from ${min} to ${max}`;
      this.problem(key, `"${key}" must be a whole number ${range}`);
      return undefined;
    }
    return value;
  }

  /** An integer, unchecked against a range; the caller reports a value out of range in its own words. */
  number(key: string): number | undefined {
    const { present, value } = this.scalar(key);
    if (!present) return undefined;
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      this.problem(key, `"${key}" must be a whole number`);
      return undefined;
    }
    return value;
  }

  boolean(key: string, fallback: boolean): boolean {
    const { present, value } = this.scalar(key);
    if (!present) return fallback;
    if (typeof value !== 'boolean') {
      this.problem(key, `"${key}" must be true or false`);
      return fallback;
    }
    return value;
  }

  oneOf<T extends string>(key: string, allowed: readonly T[], what = `"${key}"`): T | undefined {
    const { present, value } = this.scalar(key);
    if (!present) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.problem(key, `${what} must be one of ${allowed.join(', ')} (got ${describe(value)})`);
      return undefined;
    }
    return value as T;
  }

  /** A list of strings, each with its line; an absent key is an empty list. */
  stringList(key: string): { value: string; line: number }[] {
    if (!this.values.has(key)) return [];
    const items = this.list(key);
    const out: { value: string; line: number }[] = [];
    for (const item of items ?? []) {
      const value = isScalar(item) ? item.value : undefined;
      if (typeof value !== 'string' || value.trim() === '') this.source.problem(this.source.lineOf(item), `each of "${key}" must be non-empty text`);
      else out.push({ value: value.trim(), line: this.source.lineOf(item) });
    }
    return out;
  }

  /** The items of a list value; an empty value is an empty list. */
  list(key: string): Node[] | null {
    const node = this.node(key);
    if (node === null) return this.values.has(key) ? [] : null;
    return this.source.items(node, `"${key}"`);
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return 'nothing';
  if (typeof value === 'string') return `"${value}"`;
  if (typeof value === 'object') return 'a list or mapping';
  return String(value);
}
