/**
 * `npm run docs:config -- --check | --write`: the README's configuration table and
 * `.env.example` are generated from the environment schema (src/config/schema.ts: keys,
 * defaults, describe() texts), so they cannot drift from what the code reads.
 *
 *   --check  exit 1 when README.md's table (between the config-table markers) or
 *            .env.example differ from what the schema generates (CI runs this)
 *   --write  rewrite both
 */
import fs from 'node:fs';
import path from 'node:path';
import type { z } from 'zod';
import { envSchema, secretKeys, type Env } from '../src/config/schema';

export const TABLE_START = '<!-- config-table:start -->';
export const TABLE_END = '<!-- config-table:end -->';

export interface EnvVariable {
  name: string;
  /** The default as text, or undefined when the variable has none. */
  defaultValue: string | undefined;
  description: string;
  secret: boolean;
}

/** Every variable of the schema, in schema order. */
export function envVariables(schema: z.ZodObject = envSchema): EnvVariable[] {
  return Object.entries(schema.shape).map(([name, field]) => {
    const f = field as z.ZodType & { def: { type: string; defaultValue?: unknown } };
    const description = f.description;
    if (!description) throw new Error(`${name} has no describe() text in src/config/schema.ts`);
    const defaultValue = f.def.type === 'default' ? String(f.def.defaultValue) : undefined;
    return { name, defaultValue, description, secret: secretKeys.has(name as keyof Env) };
  });
}

/** The markdown table for the README. */
export function renderTable(vars: EnvVariable[] = envVariables()): string {
  const cell = (s: string) => s.replace(/\|/g, '\\|');
  const lines = ['| variable | default | what |', '| --- | --- | --- |'];
  for (const v of vars) {
    const def = v.defaultValue === undefined ? '' : `\`${cell(v.defaultValue)}\``;
    lines.push(`| \`${v.name}\` | ${def} | ${cell(v.description)}${v.secret ? ' (secret)' : ''} |`);
  }
  return lines.join('\n');
}

/** `.env.example`: every variable with a one-line comment; defaults filled in, secrets and the rest blank. */
export function renderEnvExample(vars: EnvVariable[] = envVariables()): string {
  const lines = [
    '# wismo-bot configuration. Generated from src/config/schema.ts by `npm run docs:config -- --write`; do not edit by hand.',
    '# Copy to .env and fill in what you use. A blank value counts as unset.',
    '',
  ];
  for (const v of vars) {
    lines.push(`# ${v.description}${v.secret ? ' (secret)' : ''}`);
    lines.push(`${v.name}=${v.secret || v.defaultValue === undefined ? '' : quoteEnv(v.defaultValue)}`);
  }
  return lines.join('\n') + '\n';
}

function quoteEnv(value: string): string {
  return /[\s#"'$]/.test(value) ? `"${value.replace(/"/g, '\\"')}"` : value;
}

/** The README with its table replaced; throws when the markers are missing. */
export function replaceTable(readme: string, table: string = renderTable()): string {
  const start = readme.indexOf(TABLE_START);
  const end = readme.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md lacks the ${TABLE_START} ... ${TABLE_END} markers`);
  return readme.slice(0, start + TABLE_START.length) + '\n' + table + '\n' + readme.slice(end);
}

export interface DocsPaths {
  readme: string;
  envExample: string;
}

export const defaultPaths = (root = path.resolve(__dirname, '..')): DocsPaths => ({
  readme: path.join(root, 'README.md'),
  envExample: path.join(root, '.env.example'),
});

/** What is out of date (one line each); empty when both files match the schema. */
export function checkDocs(paths: DocsPaths = defaultPaths()): string[] {
  const problems: string[] = [];
  const readme = readOrUndefined(paths.readme);
  if (readme === undefined) problems.push(`${paths.readme} does not exist`);
  else {
    try {
      if (replaceTable(readme) !== readme) problems.push(`${paths.readme}: the configuration table differs from src/config/schema.ts`);
    } catch (err) {
      problems.push(`${paths.readme}: ${(err as Error).message}`);
    }
  }
  const example = readOrUndefined(paths.envExample);
  if (example === undefined) problems.push(`${paths.envExample} does not exist`);
  else if (example !== renderEnvExample()) problems.push(`${paths.envExample} differs from src/config/schema.ts`);
  return problems;
}

/** Rewrites the README's table and .env.example. */
export function writeDocs(paths: DocsPaths = defaultPaths()): void {
  fs.writeFileSync(paths.readme, replaceTable(fs.readFileSync(paths.readme, 'utf8')));
  fs.writeFileSync(paths.envExample, renderEnvExample());
}

function readOrUndefined(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function main(argv: string[]): number {
  if (argv.includes('--write')) {
    writeDocs();
    console.log('wrote the README configuration table and .env.example');
    return 0;
  }
  if (argv.includes('--check')) {
    const problems = checkDocs();
    for (const p of problems) console.error(`out of date: ${p}`);
    if (problems.length) console.error('run `npm run docs:config -- --write` to regenerate them');
    else console.log('README configuration table and .env.example match the schema');
    return problems.length ? 1 : 0;
  }
  process.stdout.write(renderTable() + '\n');
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
