// Layer rules of ../shared/DESIGN.md ("Layers and what may import what"), checked inside `npm test`.
// Test files obey the rules of the layer they sit in; a test may also use the test libraries.
// Tests that wire real adapters or read files live in src/integration, which (like the server
// and the CLI, the composition roots) may import anything; src/testing holds their harnesses.

/** Pure JavaScript packages the core may use (no native code, no I/O). */
const CORE_PACKAGES = ['zod', 'minisearch'];
/** Libraries only tests use. */
const TEST_PACKAGES = ['vitest', '@vitest', 'fast-check'];
/** Native modules and database or network drivers: composition roots and adapters only. */
const DRIVER_PACKAGES = ['kysely', 'better-sqlite3', 'pg', 'fastify', 'socket\\.io', '@socket\\.io', 'ioredis', '@fastify', '@node-rs'];

const packages = (names) => `^node_modules/(${names.join('|')})/`;
const TEST_FILE = '\\.test\\.ts$';
/** Code that exists only for tests: test files, test data (src/core/testing), harnesses (src/testing) and integration tests. */
const TEST_CODE = [TEST_FILE, '^src/testing/', '^src/core/testing/', '^src/integration/'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-only-allowlist',
      comment:
        'src/core imports only src/core, zod, the pure packages of CORE_PACKAGES and node:crypto (release hashes); ' +
        'type-only and dynamic imports count too, so no native module and nothing of ours outside core',
      severity: 'error',
      from: { path: '^src/core/', pathNot: TEST_FILE },
      to: { pathNot: ['^src/core/', packages(CORE_PACKAGES), '^(node:)?crypto$'] },
    },
    {
      name: 'core-hashes-only-releases',
      comment: 'node:crypto is in the core for the release id (a SHA-256 of the compiled release), nothing else',
      severity: 'error',
      from: { path: '^src/core/', pathNot: '^src/core/knowledge/release\\.ts$' },
      to: { path: '^(node:)?crypto$' },
    },
    {
      name: 'core-tests-import-only-allowlist',
      comment: 'a core test imports what core may, plus the test libraries: no adapters, no harness, no node: modules',
      severity: 'error',
      from: { path: `^src/core/.+${TEST_FILE}` },
      to: { pathNot: ['^src/core/', packages([...CORE_PACKAGES, ...TEST_PACKAGES])] },
    },
    {
      name: 'app-names-no-adapter',
      comment: 'src/app (its tests too) imports core and declares ports; it never names a concrete adapter, server, cli or test harness',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: '^src/(adapters|server|cli|contracts|testing|integration)/' },
    },
    {
      name: 'app-uses-no-node-but-crypto',
      comment: 'src/app does no I/O of its own (files, network, processes go behind ports); of Node it uses only crypto',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { dependencyTypes: ['core'], pathNot: '^(node:)?crypto$' },
    },
    {
      name: 'app-uses-no-drivers',
      severity: 'error',
      from: { path: '^src/app/' },
      to: { path: packages(DRIVER_PACKAGES) },
    },
    {
      name: 'adapters-are-independent',
      comment: 'an adapter (its tests too) imports app (ports) and core (types), never another adapter, server or cli',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/(adapters/(?!$1/)|server/|cli/|integration/)' },
    },
    {
      name: 'adapter-tests-reach-no-other-adapter',
      comment: 'nor through a test harness: a test that wires several adapters is an integration test (src/integration)',
      severity: 'error',
      from: { path: `^src/adapters/([^/]+)/.+${TEST_FILE}` },
      to: { path: '^src/adapters/(?!$1/)', reachable: true },
    },
    {
      name: 'test-libraries-in-tests-only',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: packages(TEST_PACKAGES) },
    },
    {
      name: 'no-test-code-in-production',
      comment: 'nothing that is built and shipped imports a test, test data, a harness or an integration test',
      severity: 'error',
      from: { pathNot: TEST_CODE },
      to: { path: TEST_CODE },
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
      name: 'web-apps-are-independent',
      comment:
        'a web app (widget, agent, admin) imports its own files, web/shared, src/contracts and npm packages, never another app; ' +
        'web/shared (what the staff apps have in common) imports only its own files, so no app',
      severity: 'error',
      from: { path: '^web/([^/]+)/' },
      to: { path: '^web/(?!$1/|shared/)' },
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
    // A git worktree may link node_modules to another checkout's: packages keep their node_modules/
    // paths (without this, every package import there read as ../main/node_modules/… and broke the rules).
    preserveSymlinks: true,
    exclude: { path: '^dist/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
