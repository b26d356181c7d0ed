import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './environment';

export const APP_CONFIG = Symbol('APP_CONFIG');

@Global()
@Module({})
export class ConfigModule {
  /** Registers the validated configuration. Pass a config in tests; otherwise it is read from the environment. */
  static forRoot(config: AppConfig = loadConfig()): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: APP_CONFIG, useValue: config }],
      exports: [APP_CONFIG],
    };
  }
}
