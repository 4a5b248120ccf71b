// Layer rules of ../shared/DESIGN.md ("Layers and what may import what"), checked inside `npm test`.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-is-pure',
      comment: 'src/core imports nothing of ours outside core; of Node itself only crypto (hashing is pure)',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: ['^src/core/', '^node_modules/', '^(node:)?crypto$'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-does-no-io',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { dependencyTypes: ['core'], path: '^(fs|fs/promises|net|http|https|http2|dgram|child_process|worker_threads|cluster|dns|tls|process|os)$' },
    },
    {
      name: 'app-names-no-adapter',
      comment: 'src/app imports core and declares ports; it never names a concrete adapter, server or cli',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(adapters|server|cli|contracts)/' },
    },
    {
      name: 'app-uses-no-drivers',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^node_modules/(kysely|better-sqlite3|pg|fastify|socket\\.io|@fastify)/' },
    },
    {
      name: 'adapters-are-independent',
      comment: 'an adapter imports app (ports) and core (types), never another adapter, server or cli',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/(adapters/(?!$1/)|server/|cli/)' },
    },
    {
      name: 'contracts-are-schemas-only',
      severity: 'error',
      from: { path: '^src/contracts/' },
      to: { pathNot: ['^src/contracts/', '^node_modules/zod/'] },
    },
    {
      name: 'web-talks-over-http-only',
      comment: 'web apps only share payload types from src/contracts',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^src/(?!contracts/)' },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^dist/|\\.test\\.ts$|^src/app/testing/)' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
