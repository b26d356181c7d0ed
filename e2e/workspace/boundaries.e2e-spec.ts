import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' };

/** Lints source text as if it were the given file, with the workspace's own ESLint config. */
function lintAs(file: string, source: string): string[] {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/eslint'), ['--stdin', '--stdin-filename', file, '--format', 'json'], {
    cwd: ROOT,
    input: source,
    encoding: 'utf8',
    env,
  });
  const [report] = JSON.parse(result.stdout) as { messages: { ruleId: string | null }[] }[];
  return report.messages.map((m) => m.ruleId ?? 'fatal');
}

describe('workspace boundaries', () => {
  it('fails lint when web code imports a server library', () => {
    const rules = lintAs(
      'libs/web/shared/ui/src/leak.ts',
      `import { IdentityModule } from '@equip/server/identity';\nexport const leak = IdentityModule;\n`,
    );
    expect(rules).toContain('@nx/enforce-module-boundaries');
  });

  it('fails lint when pure domain code imports a framework', () => {
    const rules = lintAs('libs/shared/domain/src/leak.ts', `import { Injectable } from '@nestjs/common';\nexport const x = Injectable;\n`);
    expect(rules).toContain('@nx/enforce-module-boundaries');
  });

  it('keeps apps depending only on libraries in the project graph', () => {
    const out = join(tmpdir(), `equip-graph-${process.pid}.json`);
    spawnSync(join(ROOT, 'node_modules/.bin/nx'), ['graph', `--file=${out}`], { cwd: ROOT, env, stdio: 'ignore' });
    const { graph } = JSON.parse(readFileSync(out, 'utf8')) as {
      graph: { nodes: Record<string, { type: string }>; dependencies: Record<string, { target: string }[]> };
    };
    rmSync(out, { force: true });
    for (const app of ['api', 'worker', 'web', 'cli']) {
      const targets = graph.dependencies[app].map((d) => d.target).filter((t) => !t.startsWith('npm:'));
      expect(targets.length).toBeGreaterThan(0);
      for (const target of targets) expect([target, graph.nodes[target].type]).toEqual([target, 'lib']);
    }
    expect(graph.dependencies['web'].map((d) => d.target).filter((t) => t.startsWith('server-'))).toEqual([]);
  });
});
