import { Injectable } from '@angular/core';

/** Where invitation and reset emails link. */
export const SET_PASSWORD_PATH = '/set-password';

let captured: string | null = null;

/**
 * Run first thing at start-up (`main.ts`, before Angular and its router start): on the
 * set-password page, takes a one-time link's token out of the address — `#token=…` of current
 * links, `?token=…` of links mailed before — into memory, and replaces the address with the bare
 * path. From then on no request, history entry, router navigation, Referer or screenshot of the
 * address bar carries it; the page sends it to the api in a request body.
 */
export function captureLinkToken(location: Pick<Location, 'pathname' | 'search' | 'hash'> = window.location, history: Pick<History, 'replaceState' | 'state'> = window.history): void {
  if (location.pathname !== SET_PASSWORD_PATH) return;
  const fragment = new URLSearchParams(location.hash.replace(/^#/, ''));
  const query = new URLSearchParams(location.search);
  const token = fragment.get('token') ?? query.get('token');
  if (token === null) return;
  query.delete('token');
  fragment.delete('token');
  const search = query.toString();
  const hash = fragment.toString();
  history.replaceState(history.state, '', `${SET_PASSWORD_PATH}${search ? `?${search}` : ''}${hash ? `#${hash}` : ''}`);
  captured = token || null;
}

/** The token `captureLinkToken` took from the address, kept in memory only (a reload loses it). */
@Injectable({ providedIn: 'root' })
export class LinkToken {
  value(): string | null {
    return captured;
  }

  /** Once the link is spent there is nothing to keep. */
  clear(): void {
    captured = null;
  }
}
