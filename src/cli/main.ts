// The `xiaoer` command: the CLI's composition root.
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { Command } from 'commander';
import { importProgress, type ImportProgress } from './import-progress.js';
import { SignJWT } from 'jose';
import { parse as parseYaml } from 'yaml';
import { parseConversationFixtures } from '../app/evaluation/conversation-fixtures.js';
import { rollbackShop } from '../app/shops/rollback-shop.js';
import { flowJsonSchema } from '../app/shops/sop-schema.js';
import { createSimulation, describeTrace } from './simulate.js';
import { parseEvalCases } from '../app/evaluation/eval-case.js';
import { runEval, type EvalReport } from '../app/evaluation/run-eval.js';
import { importShop, seedOrders } from '../app/shops/import-shop.js';
import { markOrderDelivered } from '../app/orders/order-delivered.js';
import { importOrders } from '../app/orders/import-orders.js';
import { shopOutcomeReport } from '../app/analytics/outcome-report.js';
import { describeOutcomes } from './describe-outcomes.js';
import { gapDrafts } from './gap-drafts.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { customerProfile, editPreferences } from '../app/customers/profile.js';
import { createStaff } from '../app/staff/accounts.js';
import { XiaoerError } from '../app/errors.js';
import { eraseCustomerData, exportCustomerData } from '../app/customers/personal-data.js';
import { publishShop } from '../app/shops/publish-shop.js';
import { readBundleDir, type ReadBundleResult, type ReadStep } from '../adapters/bundle/read-bundle-dir.js';
import { openStore } from '../adapters/store/kysely-store.js';
import { loadConfig } from '../server/config.js';
import { runFromEnvironment } from '../server/main.js';
import { announceRelease } from '../server/redis.js';
import { openDeps, wire } from '../server/wire.js';
import type { RateLimiter } from '../app/ports.js';

/** Runs a command against the configured store and closes it afterwards. */
async function withDeps(fn: (deps: Awaited<ReturnType<typeof openDeps>>) => Promise<void>): Promise<void> {
  const deps = await openDeps(loadConfig());
  try {
    await fn(deps);
  } finally {
    await deps.close();
  }
}

/** Runs `fn`; an expected error (XiaoerError) is printed as `xiaoer: CODE: message` with its details and sets the exit code. */
async function reportingErrors(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    if (!(err instanceof XiaoerError)) throw err;
    for (const line of err.details.length ? err.details : [err.message]) console.error(`xiaoer: ${err.code}: ${line}`);
    process.exitCode = 1;
  }
}

/**
 * Reads a bundle folder; on problems prints each as `dir/file:line: message` (and a count line
 * ending in `summary`, when given), sets the exit code and returns undefined.
 */
async function readBundleOrReport(dir: string, summary?: string, progress?: ImportProgress): Promise<Extract<ReadBundleResult, { ok: true }> | undefined> {
  // XIAOER_BENCH_DATA points a tau2-retail shop at another copy of the benchmark data.
  const bench = process.env['XIAOER_BENCH_DATA'];
  const read = await readBundleDir(resolve(dir), { ...(bench ? { retailDb: join(bench, 'tau2-retail', 'db.json') } : {}), ...(progress ? { progress: (s: ReadStep) => progress.read(s) } : {}) });
  if (!read.ok) progress?.done();
  if (read.ok) return read;
  for (const e of read.errors) console.error(`${dir.replace(/\/$/, '')}/${e}`);
  if (summary !== undefined) console.error(`xiaoer: ${read.errors.length} problem(s)${summary}`);
  process.exitCode = 1;
  return undefined;
}

const program = new Command('xiaoer').description('Xiaoer (小二): an AI employee for e-commerce customer service').showHelpAfterError();

program
  .command('start')
  .description('serve the API, the chat page and the demo shop (same as npm start)')
  .action(async () => {
    await runFromEnvironment();
  });

const shop = program.command('shop').description('import, publish and list shop releases');

shop
  .command('import <dir>')
  .description('validate a shop bundle folder and store it (all or nothing)')
  .action(async (dir: string) => {
    const progress = importProgress();
    const read = await readBundleOrReport(dir, '; nothing was imported', progress);
    if (!read) return;
    await withDeps(async (deps) => {
      progress.storing(read.bundle.products.length, read.bundle.faq.length);
      const r = await importShop(deps, read.bundle, read.seed, read.retail, read.sources).finally(() => progress.done());
      const seeded = r.orders !== undefined ? `, ${r.orders} seed orders` : '';
      console.log(`imported ${r.shopId}: ${r.products} products, ${r.faq} FAQ entries, ${r.flows} flows${seeded}. Run \`xiaoer shop publish ${r.shopId}\` to make it live.`);
    });
  });

shop
  .command('publish <shop>')
  .description('compile the imported data into a release and make it current')
  .action(async (shopId: string) => {
    await withDeps(async (deps) => {
      const r = await publishShop(deps, shopId);
      console.log(`${r.created ? 'published new release' : 'unchanged, current release is'} ${r.releaseId} for ${r.shopId}`);
      if (deps.redis) await announceRelease(deps.redis, r.shopId, r.releaseId);
    });
  });

shop
  .command('releases <shop>')
  .description('list the releases of a shop, oldest first; * marks the current one')
  .action(async (shopId: string) => {
    await withDeps(async (deps) => {
      const record = await deps.store.shops.get(shopId);
      if (!record) {
        console.error(`xiaoer: shop ${shopId} has not been imported`);
        process.exitCode = 1;
        return;
      }
      for (const r of await deps.store.releases.list(shopId)) console.log(`${r.id === record.currentReleaseId ? '*' : ' '} ${r.id}  ${r.createdAt}`);
    });
  });

shop
  .command('rollback <shop> <release>')
  .description('make an earlier release current again (running conversations keep theirs)')
  .action(async (shopId: string, releaseId: string) => {
    await withDeps(async (deps) => {
      const r = await rollbackShop(deps, shopId, releaseId);
      console.log(`${r.shopId}: current release is now ${r.releaseId} (was ${r.previous ?? 'none'})`);
      if (deps.redis) await announceRelease(deps.redis, r.shopId, r.releaseId);
    });
  });

program
  .command('tags <shop> <customer>')
  .description('the tags a customer holds (a customer id, or visitor:<conversation id>), each with the rule and message that set it')
  .action(async (shopId: string, customerKey: string) => {
    await withDeps(async (deps) => {
      const tags = await deps.store.customers.listTags(shopId, customerKey, new Date().toISOString());
      if (tags.length === 0) console.log(`${customerKey} holds no tags in ${shopId}`);
      const texts = new Map<string, string>();
      const read = new Set<string>();
      for (const t of tags) {
        if (!read.has(t.conversationId)) for (const m of await deps.store.messages.list(t.conversationId, 1000)) texts.set(m.id, m.text);
        read.add(t.conversationId);
        const said = texts.get(t.messageId) ?? '';
        console.log(`${t.tag} (${t.group}, ${t.confidence})  rule ${t.rule}  ${t.setAt}${t.expiresAt ? ` until ${t.expiresAt}` : ''}\n    “${said}”`);
      }
    });
  });

program
  .command('identity-token <shop> <customer>')
  .description("sign a customer token as the shop's site would (for trying identity; the secret comes from the variable shop.yaml names)")
  .option('--minutes <n>', 'valid for this long (default 60)', '60')
  .action(async (shopId: string, customerId: string, opts: { minutes: string }) => {
    const config = loadConfig();
    await withDeps(async (deps) => {
      const settings = (await deps.store.shops.get(shopId))?.bundle.shop;
      const key = settings?.identity?.secret_env ? config.secret(settings.identity.secret_env) : undefined;
      if (!settings?.identity || !key) {
        console.error(`xiaoer: shop ${shopId} has no identity secret (shop.yaml identity.secret_env, and that variable set)`);
        process.exitCode = 1;
        return;
      }
      const minutes = Math.max(1, Math.min(24 * 60, Number(opts.minutes) || 60));
      console.log(await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject(customerId).setAudience(shopId).setIssuedAt().setExpirationTime(`${minutes}m`).sign(new TextEncoder().encode(key)));
    });
  });

const customer = program.command('customer').description("a customer's personal data (PIPL)");
customer
  .command('export <shop> <customer>')
  .description('print everything held about a customer (or visitor:<conversation id>) as JSON')
  .action(async (shopId: string, customerKey: string) => {
    await withDeps(async (deps) => console.log(JSON.stringify(await exportCustomerData(deps, shopId, customerKey), null, 2)));
  });
customer
  .command('profile <shop> <customer>')
  .description('print a customer\'s profile: attributes, preferences with provenance, tags with evidence, purchases, last conversation')
  .action(async (shopId: string, customerKey: string) => {
    await withDeps(async (deps) => console.log(JSON.stringify(await customerProfile(deps, shopId, customerKey), null, 2)));
  });
customer
  .command('set <shop> <customer> <preferences...>')
  .description('set preferences by hand, e.g. size=L skin_type=敏感肌 (streamed to the CDP like learned ones)')
  .action(async (shopId: string, customerKey: string, pairs: string[]) => {
    const values = Object.fromEntries(pairs.map((p) => [p.slice(0, Math.max(0, p.indexOf('='))) || p, p.includes('=') ? p.slice(p.indexOf('=') + 1) : '']));
    await withDeps((deps) =>
      reportingErrors(async () => {
        const set = await editPreferences(deps, shopId, customerKey, values);
        console.log(`set ${set.map((p) => `${p.name}=${p.value}`).join(', ')} for ${customerKey} in ${shopId}`);
      }),
    );
  });
customer
  .command('erase <shop> <customer>')
  .description("erase a customer's tags, conversation words and profile (orders stay), and tell the CDP sinks")
  .requiredOption('--yes', 'confirm: this cannot be undone')
  .action(async (shopId: string, customerKey: string) => {
    await withDeps(async (deps) => {
      const r = await eraseCustomerData(deps, shopId, customerKey);
      console.log(`erased ${customerKey} in ${shopId}: ${r.tags} tags, words of ${r.conversations} conversations${r.profile ? ', profile' : ''}`);
    });
  });

const order = program.command('order').description("orders in the shop's own order backend");
order
  .command('deliver <shop> <order>')
  .description('mark a shipped order delivered; the running server then follows up with the shop\'s order_delivered flow')
  .action(async (shopId: string, orderId: string) => {
    await withDeps((deps) =>
      reportingErrors(async () => {
        const o = await markOrderDelivered(deps, shopId, orderId);
        console.log(`${o.id} of ${shopId} is delivered (${o.updatedAt}); the running server follows up within XIAOER_FOLLOW_UP_SECONDS`);
      }),
    );
  });

const orders = program.command('orders').description("orders from the shop's systems, for outcome analytics (docs/orders.md)");
orders
  .command('import <shop> <file>')
  .description('import a CSV of orders (order_id, customer_id, phone, email, total, placed_at, paid_at, cancelled_at, skus, refund_id, refund_amount, refund_at); importing it again changes nothing')
  .action(async (shopId: string, file: string) => {
    let rows: Record<string, string>[];
    try {
      rows = parseCsv(await readFile(file), { columns: true, bom: true, skip_empty_lines: true, trim: true, relax_column_count: true });
    } catch (err) {
      console.error(`xiaoer: ${file}: ${err instanceof Error ? err.message : String(err)}`);
      process.exitCode = 1;
      return;
    }
    await withDeps((deps) =>
      reportingErrors(async () => {
        const r = await importOrders(deps, shopId, rows);
        for (const e of r.errors) console.error(`${file}: ${e}`);
        console.log(`${shopId}: ${r.rows} rows, ${r.applied} recorded, ${r.unchanged} already known, ${r.errors.length} refused`);
        if (r.errors.length > 0) process.exitCode = 1;
      }),
    );
  });

program
  .command('analytics <shop>')
  .description('outcomes over whole UTC days: conversations, resolution, conversion, AOV, revenue, repurchase, flows, gaps (docs/analytics.md)')
  .option('--from <date>', 'first day, YYYY-MM-DD (default: 30 days before --to)')
  .option('--to <date>', 'last day, YYYY-MM-DD, included (default: today)')
  .option('--json', 'print the figures as JSON')
  .action(async (shopId: string, opts: { from?: string; to?: string; json?: boolean }) => {
    await withDeps((deps) =>
      reportingErrors(async () => {
        const r = await shopOutcomeReport(deps, shopId, opts.from, opts.to);
        console.log(opts.json ? JSON.stringify(r, null, 2) : describeOutcomes(r));
      }),
    );
  });

program
  .command('gaps <shop>')
  .description('what shoppers asked that the fallback answered, grouped and ranked; --faq-draft prints them as faq.yaml entries to complete')
  .option('--from <date>', 'first day, YYYY-MM-DD (default: 30 days before --to)')
  .option('--to <date>', 'last day, YYYY-MM-DD, included (default: today)')
  .option('--faq-draft', 'print faq.yaml entries with the answers left to write')
  .action(async (shopId: string, opts: { from?: string; to?: string; faqDraft?: boolean }) => {
    await withDeps((deps) =>
      reportingErrors(async () => {
        const r = await shopOutcomeReport(deps, shopId, opts.from, opts.to);
        if (opts.faqDraft) console.log(gapDrafts(r.gaps, r.range.from.slice(0, 10).replaceAll('-', '')));
        else if (r.gaps.length === 0) console.log(`no knowledge gaps in ${shopId} in this range`);
        else for (const g of r.gaps) console.log(`${String(g.count).padStart(4)}×  ${g.text}${g.examples.length > 1 ? `   (${g.examples.filter((x) => x !== g.text).join(' / ')})` : ''}`);
      }),
    );
  });

const staffCmd = program.command('staff').description("a shop's admin and agent accounts (the agent workspace at /agent/)");
staffCmd
  .command('add <shop> <username>')
  .description('add an account; the password is read from XIAOER_STAFF_PASSWORD (at least 10 characters), never from the command line')
  .option('--role <role>', 'admin or agent', 'agent')
  .option('--groups <ids>', 'agent groups, comma separated (shop.yaml handoff.groups)', '')
  .option('--name <name>', 'the name shoppers and colleagues see')
  .option('--capacity <n>', "conversations held at once under automatic assignment (default: the shop's agent_capacity)")
  .action(async (shopId: string, username: string, opts: { role: string; groups: string; name?: string; capacity?: string }) => {
    const password = process.env['XIAOER_STAFF_PASSWORD'] ?? '';
    await withDeps((deps) =>
      reportingErrors(async () => {
        if (opts.role !== 'admin' && opts.role !== 'agent') throw new XiaoerError('XIAOER_INVALID_STAFF', '--role is admin or agent');
        const s = await createStaff(deps, { shopId, username, role: opts.role, groups: opts.groups.split(',').map((g) => g.trim()).filter(Boolean), password, ...(opts.name ? { displayName: opts.name } : {}), ...(opts.capacity !== undefined ? { capacity: Number(opts.capacity) } : {}) });
        console.log(`added ${s.role} ${s.username} (${s.id}) to ${shopId}`);
      }),
    );
  });

const cdp = program.command('cdp').description('the CDP stream\'s dead-letter list');
cdp
  .command('dead <shop>')
  .description('events a sink gave up on after 4 hours of retries, oldest first')
  .action(async (shopId: string) => {
    await withDeps(async (deps) => {
      const dead = await deps.store.outbox.listDeadCdpDeliveries(shopId);
      if (dead.length === 0) console.log(`no dead CDP deliveries in ${shopId}`);
      for (const d of dead) console.log(`${d.deadAt}  ${d.sinkId}  ${d.event.event.type}  ${d.customerKey}  ${d.attempts} attempts, last: ${d.lastError ?? ''}  (event ${d.eventId})`);
    });
  });
cdp
  .command('redrive <shop>')
  .description('send the dead-letter list again (the running server delivers it)')
  .action(async (shopId: string) => {
    await withDeps(async (deps) => {
      console.log(`${await deps.store.outbox.redriveCdpDeliveries(shopId, new Date().toISOString())} deliveries of ${shopId} will be retried`);
    });
  });

const sop = program.command('sop').description('check and try a shop\'s SOP flows');

sop
  .command('validate <dir>')
  .description('validate a shop bundle, flows included; every problem as file:line: message')
  .action(async (dir: string) => {
    const read = await readBundleOrReport(dir, '');
    if (!read) return;
    const flows = read.bundle.sops ?? [];
    console.log(`ok: ${flows.length} flows (${flows.map((f) => `${f.id}: ${f.steps.length} steps`).join(', ')})`);
  });

sop
  .command('schema')
  .description('print the JSON Schema of a flow file (docs/sop.schema.json) for editor completion')
  .action(() => {
    console.log(JSON.stringify(flowJsonSchema(), null, 2));
  });

sop
  .command('simulate')
  .description('chat with a shop on a throw-away database (seed orders included), printing each reply\'s trace')
  .requiredOption('--shop <dir>', 'shop bundle folder')
  .option('--customer <id>', 'chat as this seeded customer (e.g. c1001)')
  .option('--transcript <file>', 'run a transcript instead: a fixture .yaml (checked) or a text file with one message per line')
  .action(async (opts: { shop: string; customer?: string; transcript?: string }) => {
    const read = await readBundleOrReport(opts.shop);
    if (!read) return;
    const sim = await createSimulation(read.bundle, read.seed, read.retail);
    try {
      if (opts.transcript && /\.ya?ml$/.test(opts.transcript)) {
        const parsed = parseConversationFixtures(parseYaml(await readFile(opts.transcript, 'utf8')), opts.transcript);
        if (!parsed.ok) {
          parsed.errors.forEach((e) => console.error(e));
          process.exitCode = 1;
          return;
        }
        const report = await sim.check(parsed.cases);
        printReport(report, 1000, false);
        if (report.failures.length) process.exitCode = 1;
        return;
      }
      const send = await sim.open(opts.customer);
      const show = async (text: string) => {
        const r = await send(text);
        for (const m of r.replies) {
          console.log(`${read.bundle.shop.language === 'en' ? 'bot' : '小二'}: ${m.text.replace(/\n/g, '\n      ')}`);
          console.log(`      [${describeTrace(m.trace)}]`);
        }
      };
      if (opts.transcript) {
        for (const line of (await readFile(opts.transcript, 'utf8')).split('\n').map((l) => l.trim()).filter(Boolean)) {
          console.log(`${read.bundle.shop.language === 'en' ? 'user' : '顾客'}: ${line}`);
          await show(line);
        }
        return;
      }
      console.log(`simulating ${sim.shopId}${opts.customer ? ` as ${opts.customer}` : ''}; type a message, /quit to stop`);
      const rl = createInterface({ input: process.stdin, output: process.stdout });
      for await (const line of rl) {
        const text = line.trim();
        if (text === '/quit') break;
        if (text) await show(text);
      }
      rl.close();
    } finally {
      await sim.close();
    }
  });

program
  .command('eval')
  .description('score a shop on evaluation cases (JSON lines), in a throw-away in-memory database')
  .requiredOption('--shop <dir>', 'shop bundle folder')
  .requiredOption('--cases <file>', 'cases, one JSON object per line')
  .option('--json', 'print the report as JSON')
  .option('--failures <n>', 'failures to list in the table (default 40)', '40')
  .option('--fresh-backend', 'start every case from the pristine seed orders / retail database')
  .option('--dump <file>', 'write the retail backend\'s final state (db.json form) to this file')
  .option('--verbose', 'print every turn and reply')
  .option('--offline', 'never ask a model, even when XIAOER_LLM_* or the shop names a provider')
  .action(async (opts: { shop: string; cases: string; json?: boolean; failures: string; freshBackend?: boolean; dump?: string; verbose?: boolean; offline?: boolean }) => {
    const read = await readBundleOrReport(opts.shop);
    if (!read) return;
    const parsed = parseEvalCases(await readFile(opts.cases, 'utf8'), opts.cases);
    if (!parsed.ok) {
      parsed.errors.forEach((e) => console.error(e));
      process.exitCode = 1;
      return;
    }
    // With a provider (XIAOER_LLM_* or the shop's own llm settings), turns the offline pipeline is
    // unsure of go to the model as they would when serving, so a shop can measure its gain; the
    // shop's per-minute rate is not applied here (an eval sends its turns as fast as it can).
    const llm = opts.offline ? undefined : loadConfig().llm;
    const usage = new Map<string, number>();
    let tokens = 0;
    const store = await openStore({ kind: 'sqlite', file: ':memory:' });
    const deps = wire(store, 1_000_000, (name) => process.env[name], { limiter: unlimited }, llm);
    if (deps.llm) {
      deps.llm.onOutcome = (o) => {
        const key = o.outcome === 'blocked' ? `blocked (${(o.blocked ?? []).join(', ')})` : o.outcome;
        usage.set(key, (usage.get(key) ?? 0) + 1);
        tokens += o.tokens ?? 0;
      };
    }
    const shopId = read.bundle.shop.id;
    try {
      await importShop(deps, read.bundle, read.seed, read.retail);
      await publishShop(deps, shopId);
      // --fresh-backend: every case starts from the pristine seed orders and retail database.
      const fresh = opts.freshBackend
        ? async () => {
            if (read.seed) await seedOrders(deps, shopId, read.seed);
            if (read.retail) await deps.retail.load(shopId, read.retail);
          }
        : undefined;
      const report = await runEval(deps, shopId, parsed.cases, fresh);
      if (opts.dump) await writeFile(opts.dump, JSON.stringify(await deps.retail.dump(shopId), null, 2) + '\n');
      const model = usage.size ? { outcomes: Object.fromEntries(usage), tokens } : undefined;
      if (opts.json) console.log(JSON.stringify(model ? { ...report, model } : report, null, 2));
      else {
        printReport(report, Number(opts.failures) || 40, opts.verbose === true);
        if (model) console.log(`\nmodel: ${[...usage].map(([k, n]) => `${k} ${n}`).join(', ')}; tokens ${tokens}`);
        else if (!opts.offline) console.log('\nmodel: none asked (no provider configured, or no turn the offline pipeline was unsure of)');
      }
    } finally {
      await store.close();
    }
  });

/** A rate limiter that never refuses (an eval's own turns are not a flood). */
const unlimited: RateLimiter = { take: async () => ({ allowed: true }), peek: async () => ({ allowed: true }), clear: async () => undefined };

function printReport(r: EvalReport, maxFailures: number, verbose: boolean): void {
  // Per case, what it did: cases that called tools or expect write actions (all with --verbose).
  for (const d of r.details.filter((x) => verbose || x.calls.length > 0 || x.writeActionsOk !== undefined)) {
    const verdict = d.writeActionsOk === undefined ? '' : d.writeActionsOk ? '  write actions: exact' : '  write actions: DIFFER';
    console.log(`${d.id}${verdict}`);
    if (verbose) for (const t of d.transcript) console.log(`  user: ${t.user}\n  bot:  ${t.bot.replace(/\n/g, '\n        ')}`);
    for (const c of d.calls) console.log(`  tool ${c.tool}(${JSON.stringify(c.args)})`);
  }
  console.log(`cases ${r.cases}, turns ${r.turns}`);
  console.log('field              correct / total   accuracy');
  for (const [field, n] of Object.entries(r.counts)) {
    console.log(`${field.padEnd(18)} ${String(n.correct).padStart(7)} / ${String(n.total).padEnd(7)} ${(n.total ? n.correct / n.total : 0).toFixed(4)}`);
  }
  if (r.metrics['write_actions_exact'] !== undefined) console.log(`write_actions_exact ${r.metrics['write_actions_exact'].toFixed(4)}`);
  if (r.metrics['cases_passed'] !== undefined) console.log(`cases passed       ${String(Math.round(r.metrics['cases_passed'] * r.cases)).padStart(5)} / ${String(r.cases).padEnd(7)}  ${r.metrics['cases_passed'].toFixed(4)}`);
  if (r.metrics['entity_f1'] !== undefined) {
    console.log(`entities           precision ${r.metrics['entity_precision']?.toFixed(4)}  recall ${r.metrics['entity_recall']?.toFixed(4)}  F1 ${r.metrics['entity_f1'].toFixed(4)}`);
  }
  if (r.failures.length) {
    console.log(`\nfailures (${Math.min(maxFailures, r.failures.length)} of ${r.failures.length}):`);
    for (const f of r.failures.slice(0, maxFailures)) {
      console.log(`- ${f.case}#${f.turn} ${f.field}: "${f.user}" expected ${JSON.stringify(f.expected)} got ${JSON.stringify(f.got)}`);
      console.log(`    ${f.reply.replace(/\n/g, ' | ').slice(0, 160)}`);
    }
  }
}

await program.parseAsync(process.argv);
