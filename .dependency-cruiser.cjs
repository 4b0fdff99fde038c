/**
 * Architecture rules, checked in `npm test`'s CI run (`npm run lint:deps`):
 * no import cycles; the domain (src/ except the composition root app/ and the HTTP layer http/)
 * never imports app/, http/ or a channel; only channels/, the HTTP layer and the turn handler
 * (src/bot) use express, botbuilder or twilio at run time.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'A cycle makes two modules one: nothing can be read or changed alone.',
      from: { path: '^(src|channels)/' },
      to: { circular: true },
    },
    {
      name: 'domain-not-on-composition-root',
      severity: 'error',
      comment: 'Domain code is wired by src/app; it never imports it, the HTTP layer or a channel.',
      from: { path: '^src/(?!app/|http/|main\\.ts)' },
      to: { path: '^(src/app/|src/http/|channels/)' },
    },
    {
      name: 'frameworks-at-the-edges',
      severity: 'error',
      comment: 'express, botbuilder and twilio stay in channels/, src/http, src/bot and src/app (type-only imports are allowed).',
      // The Direct Line log stores botbuilder's Activity shape (a type-only import).
      from: { path: '^src/(?!app/|http/|bot/|main\\.ts)', pathNot: '^src/messaging/directline-log\\.ts$' },
      to: { path: 'node_modules/(express|botbuilder|botbuilder-core|twilio)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'channels-not-on-each-other',
      severity: 'error',
      comment: 'Each channel folder stands alone (shared pieces belong in src/).',
      // channels/kit is shared by all; Twilio Voice shares the Twilio channel's signature check, settings and turn adapter.
      from: { path: '^channels/([^/]+)/' },
      to: { path: '^channels/', pathNot: ['^channels/$1/', '^channels/kit/', '^channels/twilio/'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^test/|^bench/|^scripts/|\\.d\\.ts$)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['cjs', 'es6'],
    // TypeScript 7 has no compiler API for tools; swc parses the sources instead.
    parser: 'swc',
  },
};
