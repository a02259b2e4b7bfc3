// The production image, checked statically (no Docker engine runs here): the Dockerfile parsed with dockerfile-ast.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Copy, DockerfileParser, type Instruction, JSONInstruction } from 'dockerfile-ast';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../..');
const dockerfile = DockerfileParser.parse(readFileSync(join(root, 'Dockerfile'), 'utf8'));

/** Instructions grouped by stage, in order; each stage starts with its FROM. */
function stages(): Instruction[][] {
  const grouped: Instruction[][] = [];
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') grouped.push([]);
    grouped.at(-1)?.push(instruction);
  }
  return grouped;
}

const words = (i: Instruction) => i.getArguments().map((a) => a.getValue());
/** An exec-form instruction's words, e.g. CMD ["node", "x.js"] → ['node', 'x.js']; undefined in shell form. */
const execForm = (i: Instruction | undefined) =>
  i instanceof JSONInstruction && i.getJSONStrings().length > 0
    ? i.getJSONStrings().map((s) => s.getJSONValue())
    : undefined;
const copyOf = (c: Copy) =>
  [c.getFromFlag() ? `--from=${c.getFromFlag()?.getValue()}` : '', ...words(c)].filter(Boolean).join(' ');
const argsOf = (i: Instruction) => (i.getArgumentsContent() ?? '').trim();
const finalStage = stages().at(-1) ?? [];
const inFinal = (keyword: string) => finalStage.filter((i) => i.getKeyword() === keyword);

describe('Dockerfile', () => {
  it('is multi-stage: build, prod-deps and a runtime stage on node:20-bookworm-slim', () => {
    expect(dockerfile.getFROMs().map((f) => f.getBuildStage())).toEqual(['build', 'prod-deps', 'runtime']);
    const image = dockerfile.getInitialARGs().find((a) => a.getProperty()?.getName() === 'NODE_IMAGE');
    expect(image?.getProperty()?.getValue()).toBe('node:20-bookworm-slim');
    const install = (stage: number) => (stages()[stage] ?? []).filter((i) => i.getKeyword() === 'RUN').map(argsOf);
    expect(install(1).join('\n')).toMatch(/npm ci --omit=dev/);
    expect(install(0).join('\n')).toMatch(/npm run build/);
  });

  it('runs node directly, as a non-root user, with a health check', () => {
    expect(execForm(inFinal('CMD').at(-1))).toEqual(['node', 'dist/api/main.js']);
    expect(dockerfile.getENTRYPOINTs()).toEqual([]);
    expect(inFinal('USER').at(-1)?.getArgumentsContent()).toBe('node');
    const check = inFinal('HEALTHCHECK').at(-1);
    expect(check && argsOf(check)).toMatch(/CMD \["node", "dist\/runtime\/healthcheck\.js"\]/);
    expect(inFinal('STOPSIGNAL').at(-1)?.getArgumentsContent()).toBe('SIGTERM');
    const env = inFinal('ENV').map(argsOf).join('\n');
    expect(env).toMatch(/WORKER_WORKFLOW_BUNDLE=\/app\/dist\/workflow-bundle\.js/);
    expect(env).toMatch(/NODE_ENV=production/);
  });

  it('puts only dist/, production node_modules and package.json in the runtime stage, owned by root', () => {
    const copies = (inFinal('COPY') as Copy[]).map(copyOf);
    expect(copies).toEqual([
      'package.json ./',
      '--from=prod-deps /src/node_modules node_modules',
      '--from=build /src/dist dist',
    ]);
    for (const copy of copies) expect(copy).not.toMatch(/--chown/);
    // The only chown makes the data directory writable, not the code.
    const runs = inFinal('RUN').map(argsOf).join('\n');
    expect(runs).not.toMatch(/chown\S* .*\/app/);
  });

  it('copies no tests, fixtures or benches into any stage, and every compiled directory into the build stage', () => {
    const sources = dockerfile.getCOPYs().flatMap((c) => (c.getFromFlag() ? [] : words(c).slice(0, -1)));
    for (const source of sources) expect(source).not.toMatch(/^(\.|test|scripts\/bench|scripts\/chaos)(\/|$)/);
    const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.build.json'), 'utf8')) as { include: string[] };
    for (const dir of tsconfig.include) expect(sources, dir).toContain(dir);
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split('\n');
    for (const entry of ['test', 'node_modules', 'dist', '.git', '.env']) expect(ignored).toContain(entry);
  });
});
