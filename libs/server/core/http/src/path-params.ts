import { NotFoundException, Param, ParseUUIDPipe, type PipeTransform } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { SLUG_PATTERN } from '@equip/shared/contracts';

/**
 * Path parameters that name a row: checked for their shape before any query (something that is
 * not an id is a 404, like an id nobody has), and described with that shape in the OpenAPI
 * document, which cannot see a pipe.
 */

const UUID = new ParseUUIDPipe({ version: undefined, errorHttpStatusCode: 404 });

class PatternPipe implements PipeTransform<string, string> {
  constructor(
    private readonly pattern: RegExp,
    private readonly maxLength: number,
    private readonly what: string,
  ) {}

  transform(value: string): string {
    if (value.length > this.maxLength || !this.pattern.test(value)) throw new NotFoundException(`No such ${this.what}`);
    return value;
  }
}

function described(name: string, pipe: PipeTransform, schema: { format?: string; pattern?: string; maxLength?: number }): ParameterDecorator {
  return (target, key, index) => {
    Param(name, pipe)(target, key, index);
    if (key === undefined) return;
    // ApiParam is a method decorator: it records the parameter on the handler this argument belongs to.
    const descriptor = Object.getOwnPropertyDescriptor(target, key) as TypedPropertyDescriptor<unknown>;
    ApiParam({ name, type: 'string', ...schema })(target, key, descriptor);
  };
}

/** A row's id (a UUID). */
export const IdParam = (name: string): ParameterDecorator => described(name, UUID, { format: 'uuid' });

/** A key of a fixed shape, e.g. a certificate's verification code; `what` names the thing in the 404. */
export const KeyParam = (name: string, what: string, pattern: RegExp, maxLength = 200): ParameterDecorator =>
  described(name, new PatternPipe(pattern, maxLength, what), { pattern: pattern.source, maxLength });

/** A course, track or lesson slug: lowercase words joined by hyphens. */
export const SlugParam = (name: string, what: string): ParameterDecorator => KeyParam(name, what, SLUG_PATTERN);
