import { CanActivate, ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import { FieldValidationException, type FieldError } from './validation';

/** How deep a JSON body may nest; Equip's deepest request (a cohort rule's lists) is 3. */
export const MAX_JSON_DEPTH = 32;

/** Keys that name an object's machinery, never an Equip field: a prototype-pollution attempt. */
const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MAX_FIELD_NAME = 120;

/** Why this text cannot be stored as it is, or undefined. */
function textProblem(text: string): string | undefined {
  if (text.includes('\0')) return 'must not contain the NUL character';
  if (LONE_SURROGATE.test(text)) return 'must be valid Unicode text (it contains half of a surrogate pair)';
  return undefined;
}

function fieldName(path: string): string {
  return path.length <= MAX_FIELD_NAME ? path : `${path.slice(0, MAX_FIELD_NAME)}…`;
}

/**
 * The first thing in a parsed request value that no handler should see: a NUL character or a lone
 * UTF-16 surrogate in any string or key (PostgreSQL refuses the first, and would silently store
 * the second as a replacement character), nesting deeper than MAX_JSON_DEPTH (validation
 * recurses and overflows the stack), or a key such as `__proto__`. Named by its path, as the
 * validation pipe names fields.
 */
export function findUnsafeInput(value: unknown, path = '', depth = 0): FieldError | undefined {
  if (typeof value === 'string') {
    const problem = textProblem(value);
    return problem ? { field: fieldName(path || 'body'), message: `${fieldName(path || 'body')} ${problem}` } : undefined;
  }
  if (value === null || typeof value !== 'object') return undefined;
  const here = path || 'body';
  if (depth >= MAX_JSON_DEPTH) return { field: fieldName(here), message: `${fieldName(here)} is nested more than ${MAX_JSON_DEPTH} levels deep` };
  for (const [key, child] of Object.entries(value)) {
    const keyProblem = textProblem(key);
    if (keyProblem) return { field: fieldName(here), message: `a field name in ${fieldName(here)} ${keyProblem}` };
    const childPath = path ? `${path}.${key}` : key;
    if (RESERVED_KEYS.has(key)) return { field: fieldName(childPath), message: `property ${fieldName(childPath)} should not exist` };
    const found = findUnsafeInput(child, childPath, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** A body of at least one byte (an empty POST from a browser says `Content-Length: 0`). */
function carriesBody(req: Request): boolean {
  const length = req.headers['content-length'];
  return req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

/**
 * Global, for every route: what a request carries is checked once, before any guard that reads it
 * (sign-in's passport guard validates its body itself), any pipe or any handler.
 *
 * - A body must be of a type the route consumes: JSON, or what its `@ApiConsumes` declares (the
 *   roster upload: multipart). Anything else is a 415, never a body silently read as empty.
 * - Path parameters, the query and the body must hold no NUL, no lone surrogate and no nesting past
 *   MAX_JSON_DEPTH: a 400 naming the field.
 */
@Injectable()
export class InputGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (carriesBody(req)) {
      const consumes = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [context.getHandler(), context.getClass()]) ?? ['application/json'];
      if (!req.is(consumes)) {
        throw new HttpException(`This route takes a body of type ${consumes.join(' or ')}`, HttpStatus.UNSUPPORTED_MEDIA_TYPE);
      }
    }
    const problem = findUnsafeInput(req.params) ?? findUnsafeInput(req.query) ?? (typeof req.body === 'object' ? findUnsafeInput(req.body) : undefined);
    if (problem) throw new FieldValidationException([problem]);
    return true;
  }
}
