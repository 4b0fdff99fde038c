import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import { expect } from 'chai';
import { envSchema, parseEnv, secretKeys } from '../../src/config';
import {
  TABLE_END, TABLE_START, checkDocs, defaultPaths, envVariables, renderEnvExample, renderTable, replaceTable, writeDocs,
} from '../../scripts/config-docs';
import { tempDir } from '../helpers/db';

const paths = defaultPaths();

describe('config: generated documentation (scripts/config-docs.ts)', () => {
  it('lists every schema variable with its describe() text and default', () => {
    const vars = envVariables();
    expect(vars.map((v) => v.name)).to.deep.equal(Object.keys(envSchema.shape));
    const port = vars.find((v) => v.name === 'PORT')!;
    expect(port).to.deep.include({ defaultValue: '3000', description: 'HTTP port', secret: false });
    expect(vars.find((v) => v.name === 'REDIS_URL')!.defaultValue).to.equal(undefined);
    for (const key of secretKeys) expect(vars.find((v) => v.name === key)?.secret, key).to.equal(true);
  });

  it('renders one table row per variable, marking secrets', () => {
    const rows = renderTable().split('\n').slice(2);
    expect(rows).to.have.length(Object.keys(envSchema.shape).length);
    expect(rows.find((r) => r.startsWith('| `PORT` |'))).to.equal('| `PORT` | `3000` | HTTP port |');
    expect(rows.find((r) => r.startsWith('| `OPENAI_API_KEY` |'))).to.include('(secret)');
  });

  it('replaces only what is between the README markers', () => {
    const readme = `# T\n\nbefore\n\n${TABLE_START}\nold table\n${TABLE_END}\n\nafter\n`;
    const out = replaceTable(readme, '| a |');
    expect(out).to.equal(`# T\n\nbefore\n\n${TABLE_START}\n| a |\n${TABLE_END}\n\nafter\n`);
    expect(replaceTable(out, '| a |')).to.equal(out);
    expect(() => replaceTable('# no markers\n')).to.throw(/markers/);
  });

  describe('.env.example', () => {
    it('is up to date with the schema', () => {
      expect(checkDocs(paths).filter((p) => p.includes('.env.example'))).to.deep.equal([]);
    });

    it('has every variable with a one-line comment above it, and leaves secrets blank', () => {
      const lines = fs.readFileSync(paths.envExample, 'utf8').split('\n');
      for (const name of Object.keys(envSchema.shape)) {
        const i = lines.findIndex((l) => l.startsWith(`${name}=`));
        expect(i, name).to.be.greaterThan(0);
        expect(lines[i - 1], `comment above ${name}`).to.match(/^# \S/);
        if (secretKeys.has(name as never)) expect(lines[i], name).to.equal(`${name}=`);
      }
    });

    it('is a valid configuration as it stands (copied to .env unchanged)', () => {
      const env = util.parseEnv(fs.readFileSync(paths.envExample, 'utf8'));
      const parsed = parseEnv(env);
      expect(parsed.PORT).to.equal(3000);
      expect(parsed.SHOP_NAME).to.equal('Demo Shop');
      expect(parsed.SUPPORT_HOURS).to.equal('mon-fri 09:00-17:00');
    });
  });

  describe('README.md configuration table', () => {
    it('matches the schema (npm run docs:config -- --write regenerates it)', function () {
      if (!fs.existsSync(paths.readme)) {
        console.warn('\n  !!! SKIPPED: README.md does not exist yet, so its configuration table cannot be checked.\n');
        this.skip();
      }
      expect(checkDocs(paths).filter((p) => p.includes('README.md'))).to.deep.equal([]);
    });
  });

  describe('--check and --write', () => {
    function scratch(readmeTable: string, envExample: string) {
      const dir = tempDir();
      const p = { readme: path.join(dir, 'README.md'), envExample: path.join(dir, '.env.example') };
      fs.writeFileSync(p.readme, `# Shop\n\n${TABLE_START}\n${readmeTable}\n${TABLE_END}\n`);
      fs.writeFileSync(p.envExample, envExample);
      return p;
    }

    it('passes when both files match', () => {
      expect(checkDocs(scratch(renderTable(), renderEnvExample()))).to.deep.equal([]);
    });

    it('reports a stale README table and a stale .env.example', () => {
      const stale = renderTable().replace('| `PORT` | `3000` |', '| `PORT` | `8080` |');
      const problems = checkDocs(scratch(stale, renderEnvExample().replace(/^PORT=.*$/m, '')));
      expect(problems).to.have.length(2);
      expect(problems[0]).to.include('README.md').and.include('configuration table differs');
      expect(problems[1]).to.include('.env.example').and.include('differs');
    });

    it('reports a README without markers and a missing .env.example', () => {
      const p = scratch('', '');
      fs.writeFileSync(p.readme, '# Shop\n');
      fs.rmSync(p.envExample);
      const problems = checkDocs(p);
      expect(problems[0]).to.include('markers');
      expect(problems[1]).to.include('does not exist');
    });

    it('--write brings both back in step, keeping the rest of the README', () => {
      const p = scratch('| stale |', 'STALE=1\n');
      writeDocs(p);
      expect(checkDocs(p)).to.deep.equal([]);
      expect(fs.readFileSync(p.readme, 'utf8')).to.match(/^# Shop\n/);
    });
  });
});
