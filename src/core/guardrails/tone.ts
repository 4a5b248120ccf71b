// Abuse, insults and profanity in a generated answer (a model once swore at and mocked its own
// company in a parcel firm's chat), with the everyday words that merely contain them left alone.

const ZH_ABUSE: readonly RegExp[] = [
  /傻[逼比b屄xX叉×]|煞笔|沙比|(?<![a-z])sb(?![a-z])/gi,
  /滚(?:蛋|开|出去|远点|犊子)|(?:给我|你)滚|(?<![翻打滚])滚(?=[!！。,，\s]|$)/g,
  /他妈|妈的|(?<![a-z])(?:tmd|nmd|cnm|wtf)(?![a-z])|尼玛|你妈|操你|草泥马|卧槽/gi,
  /(?<!蠢)蠢(?!蠢)/g,
  /白痴|脑残|智障|废物|去死|闭嘴/g,
  /神经病(?![学科医院])/g,
  /你(?:是不是|真是|真)?有病(?![史历例])|有病(?:吧|啊|呀)/g,
  /你[^，。！？,.!?\n]{0,6}垃圾(?!袋|桶|箱|分类|短信|邮件|站|场|车|处理|回收|食品)/g,
  /没用的(?:客服|机器人|东西|家伙)/g,
  // Contempt a rude clerk shows ("爱买不买", "你烦不烦").
  /爱买不买|你烦不烦|烦不烦啊|懒得理你|关我屁事|你自己看不懂吗/g,
  /我(?:就)?是(?:个|一个)?(?:没用|废物|垃圾)/g,
];

const EN_ABUSE: readonly RegExp[] = [
  /\bf+u+c+k\w*|\bshit(?:s|ty|head)?\b|\bbullshit\b/gi,
  /\b(?:idiot\w*|stupid|moron\w*|dumb|dumbass|imbecile)\b/gi,
  /\bshut\s+up\b/gi,
  /\bdamn\w*|\bcrap(?:py)?\b|\bbitch\w*|\basshole\w*|\bbastard\w*|\bstfu\b|\bwtf\b/gi,
  // A model running itself or its company down (DPD's bot: "I'm a useless chatbot").
  /\b(?:i'?m|i am)\s+(?:a\s+|so\s+|just\s+a\s+)?useless\b|\buseless\s+(?:chatbot|bot|assistant|customer service)\b/gi,
];

/**
 * The abusive words of `text`: insults, profanity, contempt, and a model's swearing at itself.
 * Both vocabularies are searched whatever `language` says; 垃圾袋, 滚筒, 有病史, 蠢蠢欲动 are not abuse.
 */
export function abusiveIn(text: string, language: 'zh-CN' | 'en'): string[] {
  void language;
  const found: { at: number; text: string }[] = [];
  for (const re of [...ZH_ABUSE, ...EN_ABUSE]) {
    re.lastIndex = 0;
    for (const m of text.matchAll(re)) found.push({ at: m.index, text: m[0] });
  }
  return found.sort((a, b) => a.at - b.at).map((f) => f.text);
}
