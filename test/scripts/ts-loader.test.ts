import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startArguments } from '../../scripts/start-command';

const root = path.join(__dirname, '..', '..');
const cacheDir = path.join(root, 'node_modules', '.cache', 'wismo-bot', 'ts');
const loader = path.join(root, 'scripts', 'ts-loader.cjs');

/** Runs a TypeScript file the way npm start runs src/main.ts. */
function run(file: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, ['--require', loader, file], { encoding: 'utf8', timeout: 30_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const cachedWith = (marker: string) => (fs.existsSync(cacheDir) ? fs.readdirSync(cacheDir).filter((f) => fs.readFileSync(path.join(cacheDir, f), 'utf8').includes(marker)) : []);

describe("npm start's TypeScript loader", () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wismo-loader-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is what npm start runs', () => {
    expect(startArguments()).to.deep.equal(['--require', loader, path.join(root, 'src', 'main.ts')]);
  });

  it('runs TypeScript, compiles each source once, and names the .ts line in stack traces', () => {
    // A marker of its own, so this source's compiled file can be told from every other.
    const marker = `marker_${crypto.randomBytes(6).toString('hex')}`;
    const file = path.join(dir, 'sample.ts');
    fs.writeFileSync(file, [
      'enum Colour { Red = 1, Blue }',
      `const ${marker}: Record<string, number> = { blue: Colour.Blue };`,
      'class Box { constructor(private readonly size: number) {} area(): number { return this.size ** 2; } }',
      `console.log(JSON.stringify({ blue: ${marker}.blue, area: new Box(3).area() }));`,
      'interface Unused { a: string }',
      'type Also = Unused;',
      "if (process.env.THROW) throw new Error('from line 7');",
    ].join('\n'));

    const first = run(file);
    expect(first.status, first.stderr).to.equal(0);
    expect(JSON.parse(first.stdout)).to.deep.equal({ blue: 2, area: 9 });
    expect(cachedWith(marker)).to.have.length(1);

    const second = run(file);
    expect(second.stdout).to.equal(first.stdout);
    expect(cachedWith(marker), 'a second run compiles nothing new').to.have.length(1);

    const failed = spawnSync(process.execPath, ['--require', loader, file], { encoding: 'utf8', env: { ...process.env, THROW: '1' } });
    expect(failed.status).to.not.equal(0);
    expect(failed.stderr).to.include(`${file}:7:`);
    for (const f of cachedWith(marker)) fs.rmSync(path.join(cacheDir, f));
  });

  it('compiles an edited source again', () => {
    const marker = `marker_${crypto.randomBytes(6).toString('hex')}`;
    const file = path.join(dir, 'edited.ts');
    fs.writeFileSync(file, `const ${marker}: number = 1;\nconsole.log(${marker});\n`);
    expect(run(file).stdout.trim()).to.equal('1');
    fs.writeFileSync(file, `const ${marker}: number = 2;\nconsole.log(${marker});\n`);
    expect(run(file).stdout.trim()).to.equal('2');
    expect(cachedWith(marker)).to.have.length(2);
    for (const f of cachedWith(marker)) fs.rmSync(path.join(cacheDir, f));
  });
});
