// Words that carry no meaning for retrieval in shoppers' chat messages: particles, greetings
// and politeness. Question words (多久, 怎么, 能不能) stay: they tell FAQ entries apart.

const ZH = `的 了 吗 呢 啊 吧 呀 哈 哦 噢 嘛 么 啦 喔 嗯 恩 哎 诶 欸 呐 哇 咯 滴 得 地 着 过 是 也 就 都 还 又 和 与 及 或 在
亲 亲亲 您好 你好 请问 问下 问一下 一下 想问 想问下 我想 我 你 您 他 她 我们 你们 咱 客服 小二 老板 店家 掌柜 麻烦 谢谢 谢了 请 下 个 这个 那个 一个`;
const EN = `a an the is are was were be been am do does did to of in on at for and or but with my your our i you we it this that me please hi hello thanks can could would will`;

/** The stop list as a set, for O(1) look-ups in the tokeniser. */
export const STOP_WORDS: ReadonlySet<string> = new Set([...ZH.split(/\s+/), ...EN.split(/\s+/)].filter(Boolean));

/** True for tokens made only of punctuation, symbols or white space. */
export function isPunctuation(token: string): boolean {
  return /^[\p{P}\p{S}\s]+$/u.test(token);
}
