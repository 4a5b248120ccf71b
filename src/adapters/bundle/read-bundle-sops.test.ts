// A flow with a mistake is rejected at import with the file and line of the mistake.
import { describe, expect, it } from 'vitest';
import { SHOP_YAML, writeBundle } from '../../testing/bundle-files.js';
import { readBundleDir } from './read-bundle-dir.js';

const SHOP = `${SHOP_YAML}coupons:
  - { id: NEW20, title: 新客满199减20, min_spend: 199, discount: 20, valid_days: 7 }
`;
const GOOD = `id: cancel
name: { zh: 取消订单 }
slots:
  order_id: { type: order_id }
steps:
  - id: ask_order
    ask: { slot: order_id, template: ask }
  - id: confirm
    confirm: { template: sure, yes: do_cancel, no: kept }
  - id: do_cancel
    call: { tool: cancel_order, args: { order_id: '{{slots.order_id}}' }, save_as: done }
  - id: done
    end: cancelled
  - id: kept
    end: true
templates:
  ask: 请发一下订单号
  sure: 确认取消 {{slots.order_id}} 吗？
  cancelled: 已取消
`;

async function errorsOf(flowYaml: string, more: Record<string, string> = {}): Promise<string[]> {
  const r = await readBundleDir(await writeBundle({ 'shop.yaml': SHOP, 'sops/flow.yaml': flowYaml, ...more }));
  return r.ok ? [] : r.errors;
}

describe('flows at import', () => {
  it('accepts a valid flow into the bundle', async () => {
    expect(await errorsOf(GOOD)).toEqual([]);
  });

  it('rejects a write that can be reached without a confirm', async () => {
    const bad = GOOD.replace("  - id: confirm\n    confirm: { template: sure, yes: do_cancel, no: kept }\n", '');
    expect(await errorsOf(bad)).toEqual([
      'sops/flow.yaml:12: step "kept" is unreachable from the first step "ask_order"',
      'sops/flow.yaml:9: step "do_cancel" calls cancel_order, which changes data, but can be reached without a confirm step\'s yes',
    ]);
  });

  it('rejects unreachable steps, undefined slots, tools and templates at their lines', async () => {
    const bad = GOOD.replace('ask: { slot: order_id, template: ask }', 'ask: { slot: order_no, template: ask_it }')
      .replace('tool: cancel_order', 'tool: cancel_everything')
      .replace('  - id: kept\n    end: true\n', '  - id: kept\n    end: true\n  - id: orphan\n    say: ask\n');
    expect(await errorsOf(bad)).toEqual([
      'sops/flow.yaml:7: template "ask_it" is not defined under templates',
      'sops/flow.yaml:7: slot "order_no" is not declared under slots',
      'sops/flow.yaml:11: tool "cancel_everything" does not exist (tools: lookup_order, list_orders, cancel_order, update_address, request_return, request_exchange, issue_coupon, recommend_products)',
    ]);
    const orphan = GOOD.replace('  - id: kept\n    end: true\n', '  - id: kept\n    end: true\n  - id: orphan\n    say: ask\n');
    expect(await errorsOf(orphan)).toEqual(['sops/flow.yaml:16: step "orphan" is unreachable from the first step "ask_order"']);
  });

  it('rejects a loop with no exit and a loop that never waits', async () => {
    const noExit = GOOD.replace('confirm: { template: sure, yes: do_cancel, no: kept }', 'confirm: { template: sure, yes: do_cancel, no: ask_order }').replace('  - id: done\n    end: cancelled\n', '  - id: done\n    say: cancelled\n    next: confirm\n');
    expect(await errorsOf(noExit)).toContain('sops/flow.yaml:6: step "ask_order" is in a loop with no exit (no end, handoff or last step can be reached from it)');
    const spin = GOOD.replace('  - id: done\n    end: cancelled\n', '  - id: done\n    say: cancelled\n    next: again\n  - id: again\n    say: cancelled\n    next: done\n');
    expect(await errorsOf(spin)).toContain('sops/flow.yaml:12: steps "done" → "again" form a loop that never waits for the shopper (add a confirm, or an ask with force: true)');
  });

  it('rejects unknown variables, template injection and unknown coupons', async () => {
    const bad = GOOD.replace('sure: 确认取消 {{slots.order_id}} 吗？', 'sure: "{{constructor}} {{results.nothing.x}} {{customer.password}}"').replace("args: { order_id: '{{slots.order_id}}' }", "args: { order_id: '{{slots.order_id}}', coupon: X }");
    expect(await errorsOf(bad)).toEqual([
      'sops/flow.yaml:18: "{{constructor}}" is not a variable (use slots.x, results.x.y, customer.x, product.x or shop.x)',
      'sops/flow.yaml:18: "results.nothing.x": no call step saves a result as "nothing"',
      'sops/flow.yaml:18: "customer.password": unknown variable (customer has id, known, name, segment, tags, returning, orders, last_purchase, size, height, weight, skin_type, budget, color, category, audience)',
      'sops/flow.yaml:11: cancel_order has no argument "coupon"',
    ]);
    const coupon = GOOD.replace("call: { tool: cancel_order, args: { order_id: '{{slots.order_id}}' }, save_as: done }", 'call: { tool: issue_coupon, args: { coupon: FREE100 }, save_as: done }');
    expect(await errorsOf(coupon)).toEqual(['sops/flow.yaml:11: coupon "FREE100" is not defined under coupons in shop.yaml']);
  });

  it('rejects an intent trigger the shop has no intents for, and a step of no known kind', async () => {
    expect(await errorsOf(GOOD.replace('slots:', 'triggers:\n  - intent: cancel_order\nslots:'))).toEqual(['sops/flow.yaml:4: intent trigger "cancel_order" needs an intents.yaml']);
    expect(await errorsOf(GOOD.replace('    end: true\n', '    jump: ask_order\n'))).toEqual(['sops/flow.yaml:14: steps.4: a step needs exactly one of: say, ask, branch, call, confirm, tag, forget, use, handoff, end']);
  });

  it('refuses 10,000 steps and hostile nesting without crashing', async () => {
    const huge = `id: huge\nname: { zh: 大 }\nsteps:\n${Array.from({ length: 10_000 }, (_, i) => `  - { id: s${i}, say: t }`).join('\n')}\ntemplates:\n  t: 好\n`;
    expect(await errorsOf(huge)).toEqual(['sops/flow.yaml:4: steps: at most 300 steps in one flow']);
    const deep = `id: deep\nname: { zh: 深 }\nsteps:\n  - id: b\n    branch:\n      - if: ${'{ not: '.repeat(2_000)}{ var: slots.x, exists: true }${' }'.repeat(2_000)}\n        goto: e\n      - else: e\n  - id: e\n    end: true\n`;
    expect(await errorsOf(deep)).toEqual(['sops/flow.yaml:6: nested too deeply']);
    const nine = `id: nine\nname: { zh: 九 }\nsteps:\n  - id: b\n    branch:\n      - if: ${'{ not: '.repeat(9)}{ var: shop.name, exists: true }${' }'.repeat(9)}\n        goto: e\n      - else: e\n  - id: e\n    end: true\n`;
    expect(await errorsOf(nine)).toEqual(['sops/flow.yaml:6: condition nests deeper than 8 levels']);
  });
});
