import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { isCalendarDate, isInstant } from '@equip/shared/domain';
import { Transform, Type } from 'class-transformer';
import { IsDefined, IsInt, IsNotEmpty, IsObject, IsString, Max, MaxLength, Min, ValidateBy, ValidateIf, ValidateNested, type ValidationOptions } from 'class-validator';

/**
 * The validators every DTO uses for the kinds of input that once passed class-validator and broke
 * in PostgreSQL (a 500): dates ISO 8601 allows and `date` refuses, integers past what a column or
 * an OFFSET holds, text that is only spaces, a missing nested object. Each also describes itself in
 * the OpenAPI document (the swagger plugin cannot see inside a composed decorator).
 */

/**
 * The field may be left out of a JSON body, but `null` is a value like any other and must pass the
 * field's validators (class-validator's `IsOptional` lets null through to the service, where the
 * contract says the field is a string or a boolean). Fields that may be null say so: `| null`.
 */
export const Omittable = (): PropertyDecorator => ValidateIf((_object, value) => value !== undefined);

/** Text of one format checked by `check`, shown in the document as `format` with an example. */
function formatted(name: string, check: (value: unknown) => boolean, message: string, format: string, example: string, options?: ValidationOptions): PropertyDecorator {
  return applyDecorators(
    ValidateBy({ name, validator: { validate: check, defaultMessage: () => message } }, options),
    ApiProperty({ type: 'string', format, example }),
  );
}

/** A calendar day, `YYYY-MM-DD`, that exists (see isCalendarDate). */
export const IsCalendarDate = (options?: ValidationOptions): PropertyDecorator =>
  formatted('isCalendarDate', isCalendarDate, '$property must be a date that exists, written YYYY-MM-DD', 'date', '2026-11-30', options);

/** An instant with its offset, RFC 3339 (see isInstant). */
export const IsInstant = (options?: ValidationOptions): PropertyDecorator =>
  formatted('isInstant', isInstant, '$property must be a date and time with its offset, such as 2026-11-30T23:59:59Z', 'date-time', '2026-11-30T23:59:59Z', options);

/**
 * Text that must say something: trimmed, then at least one character and at most `maxLength`. A
 * name of spaces passes `MinLength(1)` and then breaks the column's CHECK; this refuses it.
 */
export function RequiredText(maxLength: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' ? value.trim() : value)),
    IsDefined({ message: '$property is required' }),
    IsString({ message: '$property must be text' }),
    IsNotEmpty({ message: '$property is required' }),
    MaxLength(maxLength, { message: `$property must be at most ${maxLength.toLocaleString('en-US')} characters` }),
    ApiProperty({ type: 'string', minLength: 1, maxLength, description: 'Leading and trailing spaces are removed.' }),
  );
}

const WHOLE_NUMBER = /^[+-]?\d{1,16}$/;

/**
 * A whole number in a query string, between `min` and `max`. Only digits convert (`1e20`, `0x10`,
 * ` 5` and `5.0` stay text and are refused), and `max` keeps it inside what the query can use (an
 * OFFSET, an integer column).
 */
export function QueryInteger(min: number, max: number): PropertyDecorator {
  return applyDecorators(
    Transform(({ value }) => (typeof value === 'string' && WHOLE_NUMBER.test(value) ? Number(value) : value)),
    IsInt({ message: '$property must be a whole number' }),
    Min(min, { message: `$property must be at least ${min}` }),
    Max(max, { message: `$property must be at most ${max.toLocaleString('en-US')}` }),
    ApiProperty({ type: 'integer', minimum: min, maximum: max }),
  );
}

/**
 * A nested object validated as its own DTO. Without `IsDefined`, class-validator skips a missing
 * one and the service reads a property of `undefined`; without `IsObject`, an array of valid
 * objects passes as if it were one.
 */
export function NestedObject(type: () => new () => object, options: { optional?: boolean } = {}): PropertyDecorator {
  return applyDecorators(
    options.optional ? Omittable() : IsDefined({ message: '$property is required' }),
    IsObject({ message: '$property must be an object' }),
    ValidateNested(),
    Type(type),
    // Swagger resolves a lazy type only from a function named `type`, as the plugin writes it.
    ApiProperty({ type: () => type() }),
  );
}
