import { HttpException, HttpStatus } from '@nestjs/common';
import { json } from 'express';
import { isUtf8 } from 'node:buffer';
import type { IncomingMessage } from 'node:http';

/** The largest JSON body the api parses (a pasted list of 500,000 characters, 10,000 staff ids). */
export const MAX_JSON_BYTES = 1024 * 1024;

/**
 * JSON is UTF-8 (RFC 8259). The body parser would decode other bytes to replacement characters
 * and the api would store text nobody sent; refuse them instead.
 */
function onlyUtf8(_req: IncomingMessage, _res: unknown, body: Buffer, encoding: string): void {
  if (encoding.toLowerCase().replace('-', '') !== 'utf8') {
    throw new HttpException('A JSON body must be UTF-8', HttpStatus.UNSUPPORTED_MEDIA_TYPE);
  }
  if (!isUtf8(body)) throw new HttpException('The request body is not valid UTF-8', HttpStatus.BAD_REQUEST);
}

/** The api's only body parser: JSON up to MAX_JSON_BYTES, UTF-8 only. Other bodies are left unread. */
export const jsonBody = () => json({ limit: MAX_JSON_BYTES, verify: onlyUtf8 });
