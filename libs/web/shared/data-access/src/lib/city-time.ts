import { EnvironmentProviders, inject, provideAppInitializer } from '@angular/core';
import type { CityFacts } from '@equip/shared/contracts';
import { setCity } from '@equip/web/shared/ui';
import { firstValueFrom } from 'rxjs';
import { ApiClient } from './api-client';

/** Loads the city's name and time zone (GET /api/city) before the first page formats a date. */
export function provideCity(): EnvironmentProviders {
  return provideAppInitializer(async () => {
    const api = inject(ApiClient);
    try {
      setCity(await firstValueFrom(api.get<CityFacts>('/api/city')));
    } catch {
      // The pages still work; times name the device's zone instead of silently using it.
    }
  });
}
