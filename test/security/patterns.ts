/**
 * Every regular expression the bot runs: the literals in src/ and channels/ (read from the
 * source with @babel/parser) and the ones built at run time with `new RegExp` (recorded by
 * `dynamic-patterns.ts` in a child process). Used by the linear-time test.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from '@babel/parser';

export interface Pattern {
  where: string;
  source: string;
  flags: string;
}

const root = path.resolve(__dirname, '..', '..');

function tsFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'public' ? [] : tsFiles(full);
    return d.name.endsWith('.ts') ? [full] : [];
  });
}

function collect(node: unknown, file: string, out: Pattern[]): void {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach((n) => collect(n, file, out));
  const n = node as { type?: string; pattern?: string; flags?: string; loc?: { start: { line: number } } };
  if (n.type === 'RegExpLiteral') out.push({ where: `${path.relative(root, file)}:${n.loc!.start.line}`, source: n.pattern!, flags: n.flags! });
  for (const [key, value] of Object.entries(node)) if (key !== 'loc' && !key.endsWith('Comments')) collect(value, file, out);
}

export function literalPatterns(): Pattern[] {
  const out: Pattern[] = [];
  for (const file of [...tsFiles(path.join(root, 'src')), ...tsFiles(path.join(root, 'channels'))]) {
    collect(parse(fs.readFileSync(file, 'utf8'), { sourceType: 'module', plugins: ['typescript'] }).program, file, out);
  }
  return out;
}

export function dynamicPatterns(): Pattern[] {
  const script = path.join(__dirname, 'dynamic-patterns.ts');
  const tsx = path.join(root, 'node_modules', '.bin', 'tsx');
  return JSON.parse(execFileSync(tsx, [script], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })) as Pattern[];
}
