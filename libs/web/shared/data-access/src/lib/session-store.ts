import { Injectable, computed, inject, signal } from '@angular/core';
import type { SessionUser, SetPasswordRequest, SignInRequest } from '@equip/shared/contracts';
import { firstValueFrom } from 'rxjs';
import { ApiError } from './api-error';
import { AuthApi } from './auth-api';

/** `unknown` until the api has been asked; then whether someone is signed in. */
export type SessionStatus = 'unknown' | 'signed-in' | 'signed-out';

/**
 * Who is signed in, as the api says. Everything the browser shows about the person (name, areas,
 * departments they lead) is read from here; nothing is worked out in the browser.
 */
@Injectable({ providedIn: 'root' })
export class SessionStore {
  private readonly auth = inject(AuthApi);

  private readonly _user = signal<SessionUser | null>(null);
  private readonly _status = signal<SessionStatus>('unknown');
  private loading: Promise<SessionUser | null> | undefined;
  private refreshing: Promise<boolean> | undefined;

  readonly user = this._user.asReadonly();
  readonly status = this._status.asReadonly();
  readonly areas = computed(() => this._user()?.areas ?? []);

  /**
   * Asks the api who is signed in, once; later calls answer from memory. An expired access cookie
   * is renewed with the refresh cookie before giving up. Resolves to null when signed out, or when
   * the api could not be reached (then the next call asks again).
   */
  load(): Promise<SessionUser | null> {
    if (this._status() !== 'unknown') return Promise.resolve(this._user());
    this.loading ??= this.fetchSession().finally(() => (this.loading = undefined));
    return this.loading;
  }

  /** Signs in; rejects with an `ApiError` (wrong credentials, rate limited, invalid input). */
  async signIn(request: SignInRequest): Promise<SessionUser> {
    const user = await firstValueFrom(this.auth.signIn(request));
    this.setUser(user);
    return user;
  }

  /**
   * Sets a password with an invitation or reset link's token; the api signs the person in, so the
   * session starts here too. Rejects with an `ApiError` naming `password` or `token`.
   */
  async setPassword(request: SetPasswordRequest): Promise<SessionUser> {
    const user = await firstValueFrom(this.auth.setPassword(request));
    this.setUser(user);
    return user;
  }

  /** Ends the session on the api; the local session is cleared even when the api cannot be reached. */
  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.auth.signOut(), { defaultValue: undefined });
    } finally {
      this.clear();
    }
  }

  /**
   * Rotates the session cookies. Concurrent callers share one request, so a burst of 401s costs a
   * single refresh. Resolves true when the session was renewed.
   */
  refresh(): Promise<boolean> {
    this.refreshing ??= firstValueFrom(this.auth.refresh())
      .then((user) => {
        this.setUser(user);
        return true;
      })
      .catch(() => {
        this.clear();
        return false;
      })
      .finally(() => (this.refreshing = undefined));
    return this.refreshing;
  }

  /** Forgets the session locally (after sign-out, or when the api says it has ended). */
  clear(): void {
    this._user.set(null);
    this._status.set('signed-out');
  }

  private setUser(user: SessionUser): void {
    this._user.set(user);
    this._status.set('signed-in');
  }

  private async fetchSession(): Promise<SessionUser | null> {
    try {
      const user = await firstValueFrom(this.auth.session());
      this.setUser(user);
      return user;
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) {
        return (await this.refresh()) ? this._user() : null;
      }
      return null;
    }
  }
}
