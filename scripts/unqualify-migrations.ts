/**
 * drizzle-kit writes `REFERENCES "public"."table"` into migrations. We strip the schema so
 * that the same migrations run in any schema (DATABASE_SCHEMA, and one schema per test run).
 */
import fs from 'node:fs';
import path from 'node:path';

const folder = path.resolve(__dirname, '..', 'src', 'store', 'migrations');
for (const name of fs.readdirSync(folder).filter((f) => f.endsWith('.sql'))) {
  const file = path.join(folder, name);
  const before = fs.readFileSync(file, 'utf8');
  const after = before.replace(/"public"\./g, '');
  if (after !== before) {
    fs.writeFileSync(file, after);
    console.log(`unqualified ${name}`);
  }
}
