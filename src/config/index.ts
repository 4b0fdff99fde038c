import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { envSchema, type Env } from './schema';

export { envSchema, secretKeys, type Env } from './schema';

/** Configuration after defaults are resolved (generated keys included). */
export interface Config extends Env {
  ADMIN_API_KEY: string;
  DIRECTLINE_SECRET: string;
  PUBLIC_BASE_URL: string;
  /** What was generated or defaulted rather than configured (the start banner; tracking page links need a configured PUBLIC_BASE_URL). */
  generated: { adminKey: boolean; directLineSecret: boolean; publicBaseUrl: boolean };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * The configuration for a command, or undefined after printing one line per problem
 * (the variable and what was expected) so that the command can stop.
 */
export function loadConfigOrReport(what: string, source: NodeJS.ProcessEnv = process.env): Config | undefined {
  try {
    return loadConfig(source);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(`cannot ${what}: the configuration has ${err.problems.length} problem(s):`);
    for (const p of err.problems) console.error(`  ${p}`);
    return undefined;
  }
}

/** Parses the environment once; throws ConfigError with one line per problem. */
export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  // A blank value (`FOO=` in a .env file, as .env.example has them) counts as unset for
  // every variable, so defaults apply and numbers are not read as 0.
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => !(typeof v === 'string' && v.trim() === '')));
  const result = envSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const variable = issue.path.join('.') || '(environment)';
      const got = source[variable];
      const shown = got === undefined ? 'unset' : '"' + (isSecretName(variable) ? '***' : got) + '"';
      return `${variable}: ${issue.message} (got ${shown})`;
    });
    throw new ConfigError(problems);
  }
  return result.data;
}

function isSecretName(name: string): boolean {
  return /SECRET|TOKEN|PASSWORD|KEY|DATABASE_URL|REDIS_URL|SMTP_URL/.test(name);
}

/**
 * Loads the configuration: parses the environment, then fills the admin key and the
 * Direct Line secret from DATA_DIR (generated once) when they are not configured.
 */
export function loadConfig(source: NodeJS.ProcessEnv = process.env): Config {
  const env = parseEnv(source);
  const admin = env.ADMIN_API_KEY ?? persistentSecret(env.DATA_DIR, 'admin-key');
  const dl = env.DIRECTLINE_SECRET ?? persistentSecret(env.DATA_DIR, 'directline-secret');
  return {
    ...env,
    ADMIN_API_KEY: admin,
    DIRECTLINE_SECRET: dl,
    PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? `http://localhost:${env.PORT}`).replace(/(?<!\/)\/+$/, ''),
    generated: { adminKey: env.ADMIN_API_KEY === undefined, directLineSecret: env.DIRECTLINE_SECRET === undefined, publicBaseUrl: env.PUBLIC_BASE_URL === undefined },
  };
}

/** Reads DATA_DIR/<name>, creating it with a random value (mode 0600) the first time. */
function persistentSecret(dataDir: string, name: string): string {
  const file = path.resolve(dataDir, name);
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 16) return existing;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const value = crypto.randomBytes(24).toString('base64url');
  fs.writeFileSync(file, value + '\n', { mode: 0o600 });
  return value;
}
