import { CanActivate, ExecutionContext, Injectable, UseGuards } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { problemFor } from './problem.filter';

/** How long a client may take to send a request. */
export interface RequestLimits {
  /** Longest silence (no byte either way) before the connection is dropped. */
  idleSeconds: number;
  /** Longest time to receive the whole request, headers and body. */
  receiveSeconds: number;
}

/** Every route: a request is a few kilobytes of JSON, sent in well under a second. */
export const REQUEST_LIMITS: RequestLimits = { idleSeconds: 10, receiveSeconds: 60 };

/** Routes marked `@AllowLongUpload()`: a roster file of several megabytes over a slow line. */
export const UPLOAD_LIMITS: RequestLimits = { idleSeconds: 30, receiveSeconds: 600 };

/** The response in progress on each connection, for answering a timeout. */
const responses = new WeakMap<Socket, ServerResponse>();
const deadlines = new WeakMap<IncomingMessage, NodeJS.Timeout>();

/**
 * Answers a request that ran out of time with a 408 when nothing has been sent yet, and closes the
 * connection either way: a stalled client holds no socket, parser or handler past its limit.
 */
function giveUp(socket: Socket, why: string): void {
  const res = responses.get(socket);
  if (!res || res.headersSent || res.writableEnded) {
    socket.destroy();
    return;
  }
  res.writeHead(408, { 'Content-Type': 'application/problem+json', Connection: 'close' });
  res.end(JSON.stringify(problemFor(408, why)));
  // If the client does not even read the answer, the next idle timeout destroys the socket.
}

function startDeadline(req: IncomingMessage, seconds: number): void {
  clearTimeout(deadlines.get(req));
  if (req.complete) return;
  const timer = setTimeout(() => {
    if (!req.complete) giveUp(req.socket, `The request was not received within ${seconds} seconds`);
  }, seconds * 1000);
  timer.unref();
  deadlines.set(req, timer);
}

/**
 * The HTTP server's own limits, set once (Node's defaults hold a connection that announced a
 * body and sent none for five minutes): no byte for REQUEST_LIMITS.idleSeconds drops the
 * connection (answering 408 if nothing was sent), headers must arrive within the same time, and
 * Node's whole-request timeout is the longest allowance any route has, the backstop behind
 * `requestLimits()`, which holds every other route to REQUEST_LIMITS.receiveSeconds.
 */
export function applyServerLimits(server: Server, limits = REQUEST_LIMITS): void {
  server.setTimeout(limits.idleSeconds * 1000);
  server.headersTimeout = limits.idleSeconds * 1000;
  server.requestTimeout = Math.max(limits.receiveSeconds, UPLOAD_LIMITS.receiveSeconds) * 1000;
  server.keepAliveTimeout = Math.min(5, limits.idleSeconds) * 1000;
  server.on('timeout', (socket: Socket) => giveUp(socket, `No data was received for ${limits.idleSeconds} seconds`));
}

/** Express middleware, before any other: starts the clock on receiving the request's body. */
export function requestLimits(limits = REQUEST_LIMITS) {
  return (req: Request, res: Response, next: NextFunction): void => {
    responses.set(req.socket, res);
    startDeadline(req, limits.receiveSeconds);
    res.once('close', () => {
      clearTimeout(deadlines.get(req));
      if (responses.get(req.socket) === res) responses.delete(req.socket);
    });
    next();
  };
}

@Injectable()
class LongUploadGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    req.socket.setTimeout(UPLOAD_LIMITS.idleSeconds * 1000);
    startDeadline(req, UPLOAD_LIMITS.receiveSeconds);
    return true;
  }
}

/**
 * The route receives a large upload (its body is read by an interceptor, after the guards): it
 * gets UPLOAD_LIMITS instead of REQUEST_LIMITS. Only the roster import needs it.
 */
export const AllowLongUpload = () => UseGuards(LongUploadGuard);
