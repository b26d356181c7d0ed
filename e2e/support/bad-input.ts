import { isCalendarDate, isInstant } from '@equip/shared/domain';
import fc from 'fast-check';

/**
 * Bad requests generated from the api's OpenAPI document: for every route, every path, query and
 * body field, the families of bad values that once reached PostgreSQL or blew the stack (NUL,
 * lone surrogates, dates ISO 8601 allows and PostgreSQL does not, integers past a column, missing
 * nested objects, spaces-only text…), plus malformed JSON, deep nesting, wrong content types and
 * oversized bodies. Seeded (fast-check), so a failure names a seed that repeats it.
 *
 * Whether a request must be refused is decided from the document itself (`conforms`): a value the
 * document does not allow must get a 4xx; one it allows (an emoji, a name at its maximum length)
 * may be accepted. See e2e/api/bad-input.e2e-spec.ts for what is asserted of every answer.
 */

export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  items?: Schema;
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: Schema | boolean;
  nullable?: boolean;
  oneOf?: Schema[];
  allOf?: Schema[];
  $ref?: string;
  example?: unknown;
}

export interface Param {
  name: string;
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  /** As the document writes it: /api/cohorts/{id}. */
  template: string;
  params: Param[];
  query: Param[];
  body?: { kind: 'json' | 'multipart'; schema: Schema };
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: (Param & { in: string })[]; requestBody?: { content: Record<string, { schema: Schema }> } }>>;
  components?: { schemas?: Record<string, Schema> };
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** Every operation of the document, with `$ref` and single `allOf` resolved. */
export function readOperations(doc: OpenApiDocument): Operation[] {
  const resolve = (schema: Schema | undefined, depth = 0): Schema => {
    if (!schema || depth > 20) return {};
    if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.split('/').pop() ?? ''], depth + 1);
    if (schema.allOf?.length === 1) {
      const { allOf, ...rest } = schema;
      return { ...resolve(allOf[0], depth + 1), ...rest };
    }
    return {
      ...schema,
      ...(schema.items ? { items: resolve(schema.items, depth + 1) } : {}),
      ...(schema.oneOf ? { oneOf: schema.oneOf.map((s) => resolve(s, depth + 1)) } : {}),
      ...(typeof schema.additionalProperties === 'object' ? { additionalProperties: resolve(schema.additionalProperties, depth + 1) } : {}),
      ...(schema.properties ? { properties: Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, depth + 1)])) } : {}),
    };
  };
  return Object.entries(doc.paths).flatMap(([template, ops]) =>
    Object.entries(ops)
      .filter(([method]) => METHODS.includes(method))
      .map(([method, op]) => {
        const parameters = op.parameters ?? [];
        const content = op.requestBody?.content ?? {};
        const json = content['application/json'];
        const multipart = content['multipart/form-data'];
        return {
          method: method.toUpperCase(),
          template,
          params: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, required: true, schema: resolve(p.schema) })),
          query: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, required: p.required, schema: resolve(p.schema) })),
          body: json ? { kind: 'json' as const, schema: resolve(json.schema) } : multipart ? { kind: 'multipart' as const, schema: resolve(multipart.schema) } : undefined,
        };
      }),
  );
}

/** What the document leaves undescribed: a field without a type (or enum, or alternatives). */
export function undescribedFields(op: Operation): string[] {
  const missing: string[] = [];
  const walk = (schema: Schema, field: string) => {
    if (!schema.type && !schema.enum && !schema.oneOf) missing.push(field);
    if (schema.type === 'object' && !schema.properties && !schema.additionalProperties) missing.push(`${field} (no properties)`);
    for (const [name, child] of Object.entries(schema.properties ?? {})) walk(child, `${field}.${name}`);
    if (schema.items) walk(schema.items, `${field}[]`);
  };
  for (const p of [...op.params, ...op.query]) walk(p.schema, p.name);
  if (op.body) walk(op.body.schema, 'body');
  return missing;
}

// ---------------------------------------------------------------------------------------------
// Does a value conform to the document?

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const URI = /^https?:\/\/[^\s/$.?#][^\s]*$/i;
const BROKEN_TEXT = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const QUERY_INTEGER = /^[+-]?\d{1,15}$/;

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether `value` is what `schema` describes; `text` when it arrived as text (a path or query value). */
export function conforms(value: unknown, schema: Schema, text = false): boolean {
  if (value === null) return schema.nullable === true;
  if (typeof value === 'string' && BROKEN_TEXT.test(value)) return false;
  if (isPlainObject(value) && Object.keys(value).some((k) => BROKEN_TEXT.test(k))) return false;
  if (schema.oneOf) return schema.oneOf.some((s) => conforms(value, s, text));
  if (schema.enum) return schema.enum.includes(value);
  switch (schema.type) {
    case 'string': {
      if (typeof value !== 'string') return false;
      if (schema.minLength !== undefined && value.length < schema.minLength) return false;
      if (schema.maxLength !== undefined && value.length > schema.maxLength) return false;
      if (schema.pattern && !new RegExp(schema.pattern).test(value)) return false;
      switch (schema.format) {
        case 'uuid':
          return UUID.test(value);
        case 'date':
          return isCalendarDate(value);
        case 'date-time':
          return isInstant(value);
        case 'email':
          return EMAIL.test(value);
        case 'uri':
          return URI.test(value);
        default:
          return true;
      }
    }
    case 'integer':
    case 'number': {
      let n = value;
      if (text) {
        if (typeof value !== 'string' || !QUERY_INTEGER.test(value)) return false;
        n = Number(value);
      }
      if (typeof n !== 'number' || !Number.isFinite(n)) return false;
      if (schema.type === 'integer' && !Number.isSafeInteger(n)) return false;
      return (schema.minimum === undefined || n >= schema.minimum) && (schema.maximum === undefined || n <= schema.maximum);
    }
    case 'boolean':
      return text ? value === 'true' || value === 'false' : typeof value === 'boolean';
    case 'array':
      return (
        Array.isArray(value) &&
        (schema.minItems === undefined || value.length >= schema.minItems) &&
        (schema.maxItems === undefined || value.length <= schema.maxItems) &&
        value.every((item) => conforms(item, schema.items ?? {}, text))
      );
    case 'object': {
      if (!isPlainObject(value)) return false;
      const properties = schema.properties ?? {};
      if ((schema.required ?? []).some((name) => !(name in value))) return false;
      return Object.entries(value).every(([k, v]) => {
        if (k in properties) return conforms(v, properties[k], text);
        return typeof schema.additionalProperties === 'object' ? conforms(v, schema.additionalProperties, text) : false;
      });
    }
    default:
      return true;
  }
}

// ---------------------------------------------------------------------------------------------
// Valid values: the baseline a case changes one thing of.

/** Real ids and keys of the demo city, by what a field names (`staffId`, `departments/{id}`). */
export type Fixtures = (hint: string) => string | undefined;

const CANDIDATES = ['a', 'abc', 'a-b', 'course:equity-basics', '1', 'A', 'aaaaaaaaaaaaaaaaaaaaaaaa'];

/** A value the schema allows, for a field named `name` (`hint` is the path segment before it). */
export function validValue(schema: Schema, name: string, fixtures: Fixtures, hint = ''): unknown {
  if (schema.example !== undefined && conforms(schema.example, schema)) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.oneOf) return validValue(schema.oneOf[0], name, fixtures, hint);
  switch (schema.type) {
    case 'string': {
      const real = fixtures(name) ?? (hint ? fixtures(hint) : undefined);
      if (real !== undefined && conforms(real, schema)) return real;
      switch (schema.format) {
        case 'uuid':
          return '7d0f6a52-3f3e-4e7b-9a52-8f9d3c2b1a00';
        case 'date':
          return '2026-11-30';
        case 'date-time':
          return '2026-11-30T23:59:59Z';
        case 'email':
          return 'nobody@example.org';
        case 'uri':
          return 'https://example.org/evidence';
      }
      const text = CANDIDATES.find((c) => conforms(c, schema));
      return text ?? 'a'.repeat(Math.max(1, schema.minLength ?? 1));
    }
    case 'integer':
    case 'number':
      return Math.min(Math.max(1, schema.minimum ?? 1), schema.maximum ?? 1);
    case 'boolean':
      return true;
    case 'array':
      return schema.items ? [validValue(schema.items, name, fixtures, hint)] : [];
    case 'object': {
      if (schema.properties) {
        return Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, validValue(v, k, fixtures, name)]));
      }
      return typeof schema.additionalProperties === 'object' ? { q1: validValue(schema.additionalProperties, name, fixtures) } : {};
    }
    default:
      return 'a';
  }
}

// ---------------------------------------------------------------------------------------------
// Bad values, by family.

/** A JSON token written as is (1e309 is Infinity once parsed; JSON.stringify cannot write it). */
export class RawJson {
  constructor(readonly text: string) {}
}

interface Bad {
  family: string;
  value: unknown;
  /** Written into a URL as is, not percent-encoded (broken encodings). */
  raw?: boolean;
  /** Remove the field instead of setting it. */
  absent?: boolean;
}

const TEXT: Bad[] = [
  { family: 'NUL', value: 'a\u0000b' },
  { family: 'lone surrogate', value: 'a\uD800b' },
  { family: 'lone low surrogate', value: '\uDC00' },
  { family: 'empty text', value: '' },
  { family: 'only spaces', value: '   ' },
  { family: 'control characters', value: '\u0007\u001b[31m\r\n\t' },
  { family: 'right-to-left override', value: 'abc\u202Edef' },
  { family: 'zero-width characters', value: '\u200B\u200D\uFEFF' },
  { family: 'emoji', value: '👩🏽‍💻🏳️‍🌈' },
  { family: 'combining marks', value: 'é̷̡̛̖̜̓' },
  { family: 'SQL', value: "x' OR '1'='1'; SELECT pg_sleep(10); --" },
  { family: 'LIKE wildcards', value: '%_\\' },
  { family: 'markup', value: '<script>alert(1)</script>' },
  { family: 'JSON in text', value: '{"$gt":""}' },
];

const NOT_TEXT: Bad[] = [
  { family: 'number for text', value: 1 },
  { family: 'boolean for text', value: true },
  { family: 'null', value: null },
  { family: 'array for text', value: ['a'] },
  { family: 'object for text', value: { a: 1 } },
];

const DATES: Bad[] = ['2026', '2026-11', '2026-W01', '2026-W01-1', '2026-045', '2026-02-30', '0000-01-01', '2026-13-01', '10000-01-01', '2026-1-3', '30/11/2026', '2026-11-30T25:00:00Z'].map(
  (value) => ({ family: 'malformed date', value }),
);

const INSTANTS: Bad[] = ['2026-11-30', '2026-11-30T23:59:59', '2026-02-30T00:00:00Z', '0000-01-01T00:00:00Z', '2026-W01', 'yesterday', '2026-11-30T23:59:59+99:00', '2026-11-30T24:00:00Z'].map(
  (value) => ({ family: 'malformed instant', value }),
);

const UUIDS: Bad[] = ['not-a-uuid', '7d0f6a52-3f3e-4e7b-9a52-8f9d3c2b1a0', '7d0f6a52-3f3e-4e7b-9a52-8f9d3c2b1a00x', 'gggggggg-gggg-gggg-gggg-gggggggggggg', '00000000-0000-0000-0000-000000000000', "7d0f6a52-3f3e-4e7b-9a52-8f9d3c2b1a00' OR 1=1"].map(
  (value) => ({ family: 'malformed uuid', value }),
);

const EMAILS: Bad[] = ['nope', 'a@', '@b.org', 'a b@c.org', 'a@b', `${'x'.repeat(330)}@example.org`].map((value) => ({ family: 'malformed email', value }));

const URIS: Bad[] = ['example.org', 'javascript:alert(1)', 'ftp://example.org/x', 'HTTPS://EXAMPLE.ORG/', 'https://', 'http://exa mple.org'].map((value) => ({ family: 'malformed link', value }));

const QUERY_NUMBERS: Bad[] = ['1e20', '-1', '0', '1.5', '0x10', ' 5', '5 ', '', 'NaN', 'Infinity', '99999999999999999999', '9223372036854775808', '٣', '5,000', '1_000'].map((value) => ({
  family: 'malformed whole number',
  value,
}));

const BODY_NUMBERS: Bad[] = [
  ...[0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, 1e20, -1e20].map((value) => ({ family: 'number out of range', value })),
  ...['1e309', '-1e309', '-0', '1.0e2'].map((text) => ({ family: 'extreme JSON number', value: new RawJson(text) })),
  { family: 'text for a number', value: '5' },
  { family: 'boolean for a number', value: true },
  { family: 'null', value: null },
  { family: 'array for a number', value: [1] },
];

const QUERY_BOOLEANS: Bad[] = ['yes', '1', 'TRUE', 'true ', '', 'null'].map((value) => ({ family: 'malformed boolean', value }));
const BODY_BOOLEANS: Bad[] = ['true', 1, 0, null, [], {}].map((value) => ({ family: 'not a boolean', value }));

const URL_ENCODINGS: Bad[] = ['%', '%FF', '%E0%A4%A', '%ED%A0%80', '%C0%AE%C0%AE'].map((value) => ({ family: 'broken percent-encoding', value, raw: true }));

/** Values drawn from every code point (lone surrogates and NUL included), seeded. */
function fuzzText(seed: number, count: number): Bad[] {
  return fc.sample(fc.string({ unit: 'binary', maxLength: 24 }), { seed, numRuns: count }).map((value) => ({ family: 'random text', value }));
}

function beyond(schema: Schema, text: boolean): Bad[] {
  const out: Bad[] = [];
  if (schema.type === 'string') {
    const length = schema.maxLength !== undefined ? schema.maxLength + 1 : text ? 3000 : 200_000;
    out.push({ family: 'too long', value: 'x'.repeat(length) });
    if (schema.minLength && schema.minLength > 1) out.push({ family: 'too short', value: 'x'.repeat(schema.minLength - 1) });
  }
  if (schema.type === 'integer' || schema.type === 'number') {
    if (schema.maximum !== undefined) out.push({ family: 'above maximum', value: text ? String(schema.maximum + 1) : schema.maximum + 1 });
    if (schema.minimum !== undefined) out.push({ family: 'below minimum', value: text ? String(schema.minimum - 1) : schema.minimum - 1 });
  }
  return out;
}

/** Every bad value for one field. `text`: it travels in a path or query string. */
export function badValues(schema: Schema, text: boolean, seed: number, valid: unknown): Bad[] {
  const out: Bad[] = [];
  if (schema.enum) {
    const first = String(schema.enum[0]);
    out.push(...['not-one-of-them', first.toUpperCase() === first ? first.toLowerCase() : first.toUpperCase(), `${first} `, ''].map((value) => ({ family: 'not in the list', value })));
  }
  if (schema.oneOf) out.push(...schema.oneOf.flatMap((s) => badValues(s, text, seed, valid)).filter((b) => !conforms(b.value, schema, text)));
  switch (schema.type) {
    case 'string':
      out.push(...TEXT, ...fuzzText(seed, 4));
      if (!text) out.push(...NOT_TEXT);
      if (schema.format === 'date') out.push(...DATES);
      if (schema.format === 'date-time') out.push(...INSTANTS);
      if (schema.format === 'uuid') out.push(...UUIDS);
      if (schema.format === 'email') out.push(...EMAILS);
      if (schema.format === 'uri') out.push(...URIS);
      if (schema.pattern) out.push({ family: 'not the pattern', value: 'Not Like This!' }, { family: 'not the pattern', value: '-a--b-' });
      if (text) out.push(...URL_ENCODINGS);
      break;
    case 'integer':
    case 'number':
      out.push(...(text ? QUERY_NUMBERS : BODY_NUMBERS));
      out.push({ family: 'NUL', value: text ? '1\u0000' : '1\u0000' });
      break;
    case 'boolean':
      out.push(...(text ? QUERY_BOOLEANS : BODY_BOOLEANS), { family: 'NUL', value: 'true\u0000' });
      break;
    case 'array':
      out.push(
        { family: 'null', value: null },
        { family: 'text for a list', value: 'a' },
        { family: 'object for a list', value: {} },
        { family: 'empty list', value: [] },
        { family: 'list of nulls', value: [null] },
        { family: 'list of lists', value: [[]] },
        { family: 'NUL', value: ['a\u0000'] },
      );
      if (schema.maxItems !== undefined && schema.maxItems <= 10_000) out.push({ family: 'too many', value: Array.from({ length: schema.maxItems + 1 }, () => valid) });
      break;
    case 'object':
      out.push(
        { family: 'missing', value: undefined, absent: true },
        { family: 'null', value: null },
        { family: 'text for an object', value: 'x' },
        { family: 'list for an object', value: Array.isArray(valid) ? valid : [valid] },
        { family: 'empty object', value: {} },
        { family: 'unknown field', value: { ...(isPlainObject(valid) ? valid : {}), notAField: 1 } },
        { family: 'NUL', value: { 'a\u0000': 1 } },
      );
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
        out.push({ family: 'wrong map values', value: { q1: 'not a list' } }, { family: 'wrong map values', value: { q1: [1, null] } }, { family: 'empty key', value: { '': [] } });
      }
      break;
  }
  out.push(...beyond(schema, text));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Cases: one request each.

export interface Case {
  family: string;
  /** The field the bad value is in, as the api should name it. */
  field?: string;
  /** The document does not allow this request: any answer but a 4xx is a failure. */
  mustReject: boolean;
  /** The api must name `field` if it answers 400 (NUL, lone surrogates). */
  mustName: boolean;
  path: string;
  body?: BodyInit;
  contentType?: string;
  /** Always sent, whatever the budget. */
  priority: boolean;
}

const GUARDED = new Set(['NUL', 'lone surrogate', 'lone low surrogate']);

/** JSON text of `value`, with RawJson tokens written as they are. */
function toJson(value: unknown): string {
  const raws: string[] = [];
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (v instanceof RawJson) {
      raws.push(v.text);
      return `\u0001RAW${raws.length - 1}\u0001`;
    }
    return v;
  });
  return raws.reduce((out, raw, i) => out.replace(`"\u0001RAW${i}\u0001"`, raw), text);
}

function parsedJson(value: unknown): unknown {
  return JSON.parse(toJson(value) ?? 'null');
}

function setAt(target: Record<string, unknown>, path: string[], bad: Bad): Record<string, unknown> {
  const copy: Record<string, unknown> = Array.isArray(target) ? ([...target] as unknown as Record<string, unknown>) : { ...target };
  const [head, ...rest] = path;
  if (rest.length === 0) {
    if (bad.absent) delete copy[head];
    else copy[head] = bad.value;
  } else {
    copy[head] = setAt((copy[head] ?? {}) as Record<string, unknown>, rest, bad);
  }
  return copy;
}

/** Every field of a body schema, nested ones and list items included, with its path. */
function bodyFields(schema: Schema, path: string[] = []): { path: string[]; schema: Schema }[] {
  const own = path.length > 0 ? [{ path, schema }] : [];
  const nested = Object.entries(schema.properties ?? {}).flatMap(([name, child]) => bodyFields(child, [...path, name]));
  const items = schema.type === 'array' && schema.items && path.length > 0 ? bodyFields(schema.items, [...path, '0']) : [];
  return [...own, ...nested, ...items];
}

const nested = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

/** A multipart form with these parts (a file part has a filename). */
function form(parts: { name: string; value: string | Uint8Array<ArrayBuffer>; filename?: string; type?: string }[]): FormData {
  const data = new FormData();
  for (const part of parts) {
    if (part.filename !== undefined) data.append(part.name, new Blob([part.value], { type: part.type ?? 'text/csv' }), part.filename);
    else data.append(part.name, typeof part.value === 'string' ? part.value : new Blob([part.value]));
  }
  return data;
}

const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Percent-encodes text for a URL. A lone surrogate has no UTF-8 form: it is written as the three
 * bytes a careless encoder would (WTF-8), which no server can decode back to the same text.
 */
function encode(value: string): string {
  return value
    .split(LONE)
    .map(encodeURIComponent)
    .reduce((out, part, i) => {
      const unit = value.match(LONE)?.[i - 1]?.charCodeAt(0);
      const bytes = unit === undefined ? '' : [0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
      return out + bytes + part;
    });
}

/** Every case for one operation, the baseline (valid) values drawn from `fixtures`. */
export function casesFor(op: Operation, fixtures: Fixtures, seed: number): Case[] {
  const segments = op.template.split('/');
  const hintFor = (name: string) => segments[segments.indexOf(`{${name}}`) - 1] ?? '';
  const pathValues = Object.fromEntries(op.params.map((p) => [p.name, String(validValue(p.schema, p.name, fixtures, hintFor(p.name)))]));
  const queryValues = Object.fromEntries(op.query.filter((p) => p.required).map((p) => [p.name, String(validValue(p.schema, p.name, fixtures))]));
  const hasBody = !['GET', 'HEAD'].includes(op.method);
  const validBody = op.body?.kind === 'json' ? validValue(op.body.schema, 'body', fixtures) : undefined;

  const url = (path: Record<string, { value: string; raw?: boolean }>, query: Record<string, { value: string; raw?: boolean }>) => {
    const filled = op.template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const v = path[name] ?? { value: pathValues[name] };
      return v.raw ? v.value : encode(v.value);
    });
    const required: Record<string, { value: string; raw?: boolean }> = Object.fromEntries(Object.entries(queryValues).map(([k, v]) => [k, { value: v }]));
    const qs = Object.entries({ ...required, ...query })
      .map(([k, v]) => `${encode(k)}=${v.raw ? v.value : encode(v.value)}`)
      .join('&');
    return qs ? `${filled}?${qs}` : filled;
  };
  const base = url({}, {});
  const pathOk = (values: Record<string, string>) => op.params.every((p) => conforms(values[p.name], p.schema, true));
  const jsonCase = (family: string, body: unknown, field?: string, extra: Partial<Case> = {}): Case => ({
    family,
    field,
    mustReject: !conforms(parsedJson(body), op.body?.schema ?? {}),
    mustName: GUARDED.has(family),
    path: base,
    body: toJson(body),
    contentType: 'application/json',
    priority: false,
    ...extra,
  });

  const cases: Case[] = [];
  let n = 0;
  const next = () => seed + ++n;

  for (const p of op.params) {
    for (const bad of badValues(p.schema, true, next(), pathValues[p.name])) {
      // An empty segment addresses another route (/api/learning/tracks/ is the list of tracks).
      if (typeof bad.value !== 'string' || bad.value === '') continue;
      const values = { ...pathValues, [p.name]: bad.value };
      // A broken encoding (or a lone surrogate, which has none) may decode to anything: the api decides.
      const exact = !bad.raw && !bad.value.match(LONE);
      cases.push({
        family: bad.family,
        field: p.name,
        mustReject: exact && !pathOk(values),
        mustName: exact && GUARDED.has(bad.family),
        path: url({ [p.name]: { value: bad.value, raw: bad.raw } }, {}),
        body: undefined,
        priority: bad.family === 'NUL',
      });
    }
  }

  for (const p of op.query) {
    for (const bad of badValues(p.schema, true, next(), queryValues[p.name])) {
      if (bad.absent || typeof bad.value !== 'string') continue;
      const exact = !bad.raw && !bad.value.match(LONE);
      cases.push({
        family: bad.family,
        field: p.name,
        mustReject: exact && !conforms(bad.value, p.schema, true),
        mustName: exact && GUARDED.has(bad.family),
        path: url({}, { [p.name]: { value: bad.value, raw: bad.raw } }),
        priority: bad.family === 'NUL',
      });
    }
  }
  if (op.query.length > 0) {
    const first = op.query[0];
    const valid = String(validValue(first.schema, first.name, fixtures));
    cases.push(
      { family: 'unknown query parameter', field: 'notAParameter', mustReject: true, mustName: false, path: url({}, { notAParameter: { value: '1' } }), priority: false },
      { family: 'repeated query parameter', field: first.name, mustReject: true, mustName: false, path: `${url({}, { [first.name]: { value: valid } })}&${encodeURIComponent(first.name)}=${encodeURIComponent(valid)}`, priority: false },
      { family: 'nested query parameter', field: first.name, mustReject: true, mustName: false, path: url({}, { [`${first.name}[a]`]: { value: valid } }), priority: false },
    );
  }

  if (op.body?.kind === 'json' && hasBody) {
    for (const { path, schema } of bodyFields(op.body.schema)) {
      const field = path.join('.');
      const valid = path.reduce<unknown>((v, k) => (v as Record<string, unknown> | undefined)?.[k], validBody);
      for (const bad of badValues(schema, false, next(), valid)) {
        cases.push({ ...jsonCase(bad.family, setAt(validBody as Record<string, unknown>, path, bad), field), priority: bad.family === 'NUL' && path.length === 1 });
      }
      if (op.body.schema.required?.includes(path[0]) && path.length === 1 && schema.type !== 'object') {
        cases.push(jsonCase('missing', setAt(validBody as Record<string, unknown>, path, { family: 'missing', value: undefined, absent: true }), field));
      }
    }
    const rest = toJson(validBody).slice(1);
    cases.push(
      jsonCase('unknown field', { ...(validBody as object), notAField: true }, 'notAField', { mustReject: true }),
      { ...jsonCase('prototype pollution', validBody, '__proto__', { mustReject: true }), body: `{"__proto__":{"isAdmin":true}${rest === '}' ? '' : ','}${rest}` },
      jsonCase('top-level list', [validBody], undefined, { mustReject: true }),
    );
  }

  if (op.body?.kind === 'multipart' && hasBody) {
    const csv = 'employee_id,first_name\n1,Ada\n';
    const multipart = (family: string, data: FormData | string, contentType?: string, mustReject = true): Case => ({
      family, field: 'file', mustReject, mustName: false, path: base, body: data, contentType, priority: false,
    });
    cases.push(
      multipart('no file', form([{ name: 'note', value: 'x' }])),
      multipart('empty file', form([{ name: 'file', value: '', filename: 'roster.csv' }])),
      multipart('file with NUL', form([{ name: 'file', value: `${csv}2,\u0000\n`, filename: 'roster.csv' }])),
      multipart('file name with NUL', form([{ name: 'file', value: csv, filename: 'ros\u0000ter.csv' }]), undefined, false),
      multipart('file name with a lone surrogate', form([{ name: 'file', value: csv, filename: 'ros\uD800ter.csv' }]), undefined, false),
      multipart('very long file name', form([{ name: 'file', value: csv, filename: `${'x'.repeat(5000)}.csv` }]), undefined, false),
      multipart('binary file', form([{ name: 'file', value: new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 1, 2]), filename: 'roster.xlsx', type: 'application/octet-stream' }])),
      multipart('two files', form([{ name: 'file', value: csv, filename: 'a.csv' }, { name: 'file', value: csv, filename: 'b.csv' }])),
      multipart('file in another field', form([{ name: 'upload', value: csv, filename: 'roster.csv' }])),
      multipart('file as a text field', form([{ name: 'file', value: csv }])),
      multipart('broken multipart', '--nope\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc', 'multipart/form-data; boundary=expected'),
      multipart('multipart without a boundary', 'abc', 'multipart/form-data'),
    );
  }

  if (hasBody) {
    const json = (family: string, body: BodyInit, contentType = 'application/json', priority = false): Case => ({ family, mustReject: true, mustName: false, path: base, body, contentType, priority });
    const sample = op.body?.kind === 'json' ? toJson(validBody) : '{"a":1}';
    cases.push(
      json('deep nesting', nested(5000), 'application/json', true),
      json('deep list nesting', `${'['.repeat(20_000)}${']'.repeat(20_000)}`),
      json('malformed JSON', '{"a":', 'application/json', true),
      json('malformed JSON', "{'a':1}"),
      json('malformed JSON', `${sample}garbage`),
      json('malformed JSON', '{"a":1,}'),
      json('bytes that are not UTF-8', new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d])),
      json('top-level text', '"just text"'),
      json('top-level null', 'null'),
      json('oversized', JSON.stringify({ padding: 'x'.repeat(1024 * 1024 + 1) }), 'application/json', true),
      json('unsupported charset', sample, 'application/json; charset=latin9'),
      json('wrong content type', sample, 'text/plain', true),
      json('wrong content type', `<a>${sample}</a>`, 'application/xml'),
      json('wrong content type', 'a=1&b=2', 'application/x-www-form-urlencoded'),
      json('no content type', sample, ''),
    );
    if (op.body?.kind !== 'multipart') cases.push({ ...json('multipart for JSON', form([{ name: 'a', value: '1' }])), contentType: undefined });
  }

  if (op.params.length === 0 && op.query.length === 0 && !hasBody) {
    // Nothing to send but the address: an unknown parameter must change nothing, and a NUL in it neither.
    cases.push({ family: 'NUL', field: 'notAParameter', mustReject: false, mustName: false, path: `${base}?notAParameter=a%00b`, priority: true });
  }
  return cases;
}

/** `count` of `cases`: every priority case first, then a seeded sample of the rest. */
export function pick(cases: Case[], count: number, seed: number): Case[] {
  const priority = cases.filter((c) => c.priority);
  const rest = cases.filter((c) => !c.priority);
  const order = fc.sample(fc.shuffledSubarray(rest.map((_c, i) => i), { minLength: rest.length, maxLength: rest.length }), { seed, numRuns: 1 })[0];
  return [...priority, ...order.map((i) => rest[i])].slice(0, Math.max(count, priority.length));
}

// ---------------------------------------------------------------------------------------------
// What no answer may contain.

const LEAKS: [string, RegExp][] = [
  ['a stack trace', /\n\s+at [\w.<>]+ \(|\bat (?:async )?[\w.]+ \((?:\/|node:)|\.[jt]s:\d+:\d+/],
  ['a module path', /node_modules|\/dist\/apps\/|\/libs\/server\//],
  ['an error class', /\b(QueryFailedError|EntityNotFoundError|TypeError|RangeError|ReferenceError)\b/],
  ['PostgreSQL', /syntax error at or near|violates (?:check|foreign key|not-null|unique) constraint|invalid input syntax for|relation "[^"]+" does not exist|column "[^"]+" (?:does not exist|of relation)|duplicate key value|invalid byte sequence for encoding|out of range for type|date\/time field value out of range/i],
  ['a SQL statement', /\b(?:SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[\s\S]{0,200}\b(?:FROM|VALUES|SET|WHERE)\b[\s\S]{0,200}\$\d/],
];

/** What an answer's body shows that it must not, or undefined. */
export function leak(body: string): string | undefined {
  return LEAKS.find(([, pattern]) => pattern.test(body))?.[0];
}
