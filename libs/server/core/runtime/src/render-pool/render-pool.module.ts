import { Module } from '@nestjs/common';
import { RenderPool } from './render-pool';

/**
 * The api's one render pool: import this module where a controller serves a laid-out file (Nest
 * makes one instance however many modules import it), inject `RenderPool`, and render with
 * `pool.render(rendererIn(__filename, 'my-file', 'renderMyFile'), data)`.
 */
@Module({
  providers: [{ provide: RenderPool, useFactory: () => new RenderPool() }],
  exports: [RenderPool],
})
export class RenderPoolModule {}
