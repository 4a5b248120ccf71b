// Test helper: the stores every storage-touching suite runs on. SQLite always; PostgreSQL when
// DATABASE_URL is set, each suite in a fresh schema dropped afterwards.
import { randomBytes } from 'node:crypto';
import { dropPostgresSchema, openStore, type OpenedStore, type StoreLocation, type StoreOptions } from '../adapters/store/kysely-store.js';

/** A store kind under test with its open/cleanup functions. */
export interface StoreUnderTest {
  name: string;
  open(options?: StoreOptions): Promise<{ store: OpenedStore; cleanup(): Promise<void> }>;
}

const databaseUrl = process.env['DATABASE_URL'] || undefined;
let noticePrinted = false;

/** SQLite in memory, plus PostgreSQL when DATABASE_URL is set (otherwise a skip notice is printed once). */
export function storesUnderTest(): StoreUnderTest[] {
  const list: StoreUnderTest[] = [
    {
      name: 'sqlite',
      open: async (options) => {
        const store = await openStore({ kind: 'sqlite', file: ':memory:' }, options);
        return { store, cleanup: () => store.close() };
      },
    },
  ];
  if (databaseUrl) {
    list.push({
      name: 'postgres',
      open: async (options) => {
        const schema = `t_${randomBytes(6).toString('hex')}`;
        const location: StoreLocation = { kind: 'postgres', url: databaseUrl, schema, poolSize: 4 };
        const store = await openStore(location, options);
        return {
          store,
          cleanup: async () => {
            await store.close();
            await dropPostgresSchema(databaseUrl, schema);
          },
        };
      },
    });
  } else if (!noticePrinted) {
    noticePrinted = true;
    console.warn('[xiaoer tests] DATABASE_URL is not set: PostgreSQL suites are SKIPPED (SQLite suites run).');
  }
  return list;
}
