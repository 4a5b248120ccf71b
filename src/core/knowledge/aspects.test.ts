import { describe, expect, it } from 'vitest';
import { detectAspects } from './aspects.js';

describe('built-in aspects of a product question', () => {
  it('reads a trailing 多少 as a price question, unless a measure asks it (含量多少, 功率多少)', () => {
    expect(detectAspects('这个多少')).toContain('price');
    expect(detectAspects('面霜多少呀')).toContain('price');
    expect(detectAspects('护臀膏氧化锌含量多少啊')).not.toContain('price');
    expect(detectAspects('功率多少')).not.toContain('price');
    expect(detectAspects('还剩多少')).not.toContain('price');
  });
});
