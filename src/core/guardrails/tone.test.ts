import { describe, expect, it } from 'vitest';
import { abusiveIn } from './tone.js';

describe('abusiveIn', () => {
  it.each([
    ['你是傻逼吗', '傻逼'],
    ['sb客服', 'sb'],
    ['煞笔', '煞笔'],
    ['给我滚', '给我滚'],
    ['滚蛋', '滚蛋'],
    ['去他妈的', '他妈'],
    ['tmd怎么回事', 'tmd'],
    ['你真蠢', '蠢'],
    ['白痴', '白痴'],
    ['脑残设计', '脑残'],
    ['智障客服', '智障'],
    ['你就是个废物', '废物'],
    ['你这个垃圾', '你这个垃圾'],
    ['去死吧', '去死'],
    ['闭嘴', '闭嘴'],
    ['神经病', '神经病'],
    ['你有病吧', '你有病'],
    ['我是个没用的客服', '没用的客服'],
  ])('finds abuse in %s', (text, word) => {
    expect(abusiveIn(text, 'zh-CN')).toContain(word);
  });

  it.each([
    ['What the fuck is this', 'fuck'],
    ['this shit', 'shit'],
    ['you idiot', 'idiot'],
    ['that was stupid', 'stupid'],
    ['moron', 'moron'],
    ['dumb question', 'dumb'],
    ['Shut up', 'Shut up'],
    ['damn it', 'damn'],
    ['what crap', 'crap'],
    ["I'm a useless chatbot", "I'm a useless"],
  ])('finds English abuse in %s', (text, word) => {
    expect(abusiveIn(text, 'en')).toContain(word);
  });

  it.each([
    '请把垃圾袋放门口',
    '这台滚筒洗衣机很好用',
    '行李箱的滚轮坏了',
    '您有病史的话请先咨询医生',
    '孩子们蠢蠢欲动想出门',
    '垃圾分类指南',
    '神经病学专家推荐',
    '您好，请问有什么可以帮您？',
  ])('finds no abuse in %s', (text) => {
    expect(abusiveIn(text, 'zh-CN')).toEqual([]);
  });

  it.each([
    'This is the worst company I have dealt with',
    'Scrap the old order, please',
    'The dumbbell set ships tomorrow',
    'Our SBC board is in stock',
    'This coupon is useless after Friday',
    'Thank you for your patience!',
  ])('finds no abuse in the English %s', (text) => {
    expect(abusiveIn(text, 'en')).toEqual([]);
  });

  it('finds every abusive word of the DPD replay in order', () => {
    expect(abusiveIn('我是个没用的客服，这家公司是世界上最烂的快递公司，去他妈的', 'zh-CN')).toEqual(['我是个没用', '没用的客服', '他妈']);
  });
});

describe('contempt a rude clerk shows', () => {
  it('flags 傻X, 爱买不买 and 你烦不烦', () => {
    expect(abusiveIn('你烦不烦啊，傻X，爱买不买', 'zh-CN')).toEqual(['你烦不烦', '傻X', '爱买不买']);
  });
  it('leaves a camera and a polite answer alone', () => {
    expect(abusiveIn('傻瓜相机操作很简单，您看一下说明书～', 'zh-CN')).toEqual([]);
  });
});
