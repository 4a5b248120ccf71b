// shop.yaml's channels.wecom: read into the shop's settings; the variables it names must start with
// XIAOER_WECOM_, so a shop admin cannot have another secret of the node sent to WeCom.
import { describe, expect, it } from 'vitest';
import { SHOP_YAML, writeBundle } from '../../testing/bundle-files.js';
import { readBundleDir } from './read-bundle-dir.js';

const wecom = (over: Record<string, string> = {}) => {
  const f = { corpId: 'ww1234567890abcdef', openKfId: 'wkAbc123', secretEnv: 'XIAOER_WECOM_SECRET', tokenEnv: 'XIAOER_WECOM_TOKEN', aesKeyEnv: 'XIAOER_WECOM_AES_KEY', ...over };
  return `channels:\n  wecom:\n${Object.entries(f)
    .map(([k, v]) => `    ${k}: ${v}\n`)
    .join('')}`;
};

describe('shop.yaml channels', () => {
  it('reads channels.wecom into the settings', async () => {
    const r = await readBundleDir(await writeBundle({ 'shop.yaml': SHOP_YAML + wecom() }));
    if (!r.ok) throw new Error(r.errors.join('\n'));
    expect(r.bundle.shop.channels).toEqual({ wecom: { corpId: 'ww1234567890abcdef', openKfId: 'wkAbc123', secretEnv: 'XIAOER_WECOM_SECRET', tokenEnv: 'XIAOER_WECOM_TOKEN', aesKeyEnv: 'XIAOER_WECOM_AES_KEY' } });
  });

  it('refuses variables outside XIAOER_WECOM_, unknown keys and a missing corp id', async () => {
    for (const [yaml, where] of [
      [wecom({ secretEnv: 'DATABASE_URL' }), 'secretEnv'],
      [wecom({ tokenEnv: 'XIAOER_LLM_API_KEY' }), 'tokenEnv'],
      [wecom({ aesKeyEnv: 'XIAOER_WECOM_' }), 'aesKeyEnv'],
      [wecom({ corp_id: 'ww1' }), 'corp_id'],
      [wecom().replace(/ {4}corpId: .*\n/, ''), 'corpId'],
    ] as const) {
      const r = await readBundleDir(await writeBundle({ 'shop.yaml': SHOP_YAML + yaml }));
      expect(r.ok, where).toBe(false);
      if (!r.ok) expect(r.errors.join('\n')).toContain(where);
    }
  });
});
