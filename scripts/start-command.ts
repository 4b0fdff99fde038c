/**
 * `npm start`'s command as node arguments (read from package.json, so there is one source): the
 * bench times it and the tests that run the bot as a process run it.
 */
import fs from 'node:fs';
import path from 'node:path';

const root = path.join(__dirname, '..');

export function startArguments(): string[] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: { start: string } };
  const [program, ...args] = scripts.start.split(/\s+/);
  if (program !== 'node') throw new Error(`npm start runs "${program}", not node: update ${__filename}`);
  return args.map((a) => (a.startsWith('./') || /\.(ts|cjs)$/.test(a) ? path.join(root, a) : a));
}
