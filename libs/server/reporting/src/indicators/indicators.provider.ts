import type { Provider } from '@nestjs/common';
import { resolve } from 'node:path';
import { loadIndicators, type IndicatorsConfig } from './indicators-file';

export type { IndicatorsConfig } from './indicators-file';

/** The checked content/indicators.yaml; a broken file stops start-up naming file and line. */
export const INDICATORS = Symbol('INDICATORS');

export const indicatorsProvider: Provider = {
  provide: INDICATORS,
  // content/ sits in the working folder of the api, the worker and the Docker image (/app/content).
  useFactory: (): IndicatorsConfig => loadIndicators(resolve(process.cwd(), 'content')),
};
