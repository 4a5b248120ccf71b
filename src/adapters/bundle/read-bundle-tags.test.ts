// tags.yaml at import: a valid taxonomy joins the bundle; every broken reference is reported at its line.
import { describe, expect, it } from 'vitest';
import { writeBundle } from '../../testing/bundle-files.js';
import { readBundleDir } from './read-bundle-dir.js';

const TAGS = `groups:
  - { id: concern, label: { zh: 关注点 } }
tags:
  - { id: 敏感肌, group: concern }
  - { id: 关注价格, group: concern, expires_days: 30 }
rules:
  - { id: skin, tag: 敏感肌, when: { entity: skin_type, value: 敏感肌 }, confidence: 0.9 }
  - id: price
    tag: 关注价格
    when: { any: [{ keywords: [多少钱] }, { keywords: [优惠] }] }
`;

describe('tags.yaml', () => {
  it('joins a valid taxonomy to the bundle', async () => {
    const r = await readBundleDir(await writeBundle({ 'tags.yaml': TAGS }));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.bundle.tags?.tags).toEqual([{ id: '敏感肌', group: 'concern' }, { id: '关注价格', group: 'concern', expiresDays: 30 }]);
    expect(r.bundle.tags?.rules[1]).toEqual({ id: 'price', tag: '关注价格', when: { any: [{ keywords: ['多少钱'] }, { keywords: ['优惠'] }] }, confidence: 1 });
  });

  it('reports unknown groups, tags, intents, entity types and steps, and repeated ids, at their lines', async () => {
    const bad = `groups:
  - { id: concern, label: { zh: 关注点 } }
tags:
  - { id: 敏感肌, group: concern }
  - { id: 敏感肌, group: concern }
  - { id: 关注价格, group: nowhere }
rules:
  - { id: a, tag: 没有这个, when: { keywords: [贵] } }
  - { id: b, tag: 敏感肌, when: { intent: no_such_intent } }
  - { id: c, tag: 敏感肌, when: { entity: no_such_type } }
  - { id: d, tag: 敏感肌, when: { step: sales/nowhere } }
  - { id: d, tag: 敏感肌, when: { keywords: [痒] } }
`;
    const r = await readBundleDir(await writeBundle({ 'tags.yaml': bad }));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      'tags.yaml:5: tags.1.id: tag "敏感肌" is defined twice',
      'tags.yaml:6: tags.2.group: group "nowhere" is not under groups',
      'tags.yaml:8: rules.0.tag: tag "没有这个" is not under tags',
      'tags.yaml:9: rules.1.when: intent "no_such_intent" is not defined in intents.yaml',
      'tags.yaml:10: rules.2.when: entity type "no_such_type" does not exist',
      'tags.yaml:11: rules.3.when: step "sales/nowhere" is not a step of the shop’s flows',
      'tags.yaml:12: rules.4.id: rule "d" is defined twice',
    ]);
  });
});
