// Filling a flow's slots from what the shopper said: entity slots from entities found anywhere in
// the conversation, choice slots from their words, text slots from the answer to their question.
import type { Flow, SlotDefinition, SlotValue } from './types.js';

/** Slot types that are not entity types. */
export const NON_ENTITY_SLOT_TYPES: readonly string[] = ['choice', 'text'];

const YES = /^(是|是的|对|对的|对啊|对呀|好|好的|好呀|好啊|可以|可以的|确认|确定|确认的|嗯|嗯嗯|行|行的|没问题|没错|要|要的|需要|ok|okay|yes|yep|sure|y)([,，。.!！~～\s]|$)|^(确认|确定)/;
const NO = /^(不|不是|不对|否|no|nope|n)([了啦吧呀,，。.!！~～\s]|$)|^(不用|不要|不需要|算了|先不|暂时不|再想想|我再想想|不了|不换|不退|不取消|不改|别)/;

function normalized(text: string): string {
  return text.normalize('NFKC').toLowerCase().trim();
}

/** The choice a text names: the longest matching word wins, so 不贵 is not 贵. */
export function matchChoice(def: SlotDefinition, text: string): string | undefined {
  const t = normalized(text);
  let best: { value: string; len: number } | undefined;
  for (const c of def.choices ?? []) {
    for (const w of [c.value, ...c.synonyms]) {
      const word = normalized(w);
      if (word && t.includes(word) && (!best || word.length > best.len)) best = { value: c.value, len: word.length };
    }
  }
  return best?.value;
}

function textAnswer(def: SlotDefinition, text: string): string | undefined {
  let t = text.trim();
  if (def.pattern) {
    let m: RegExpExecArray | null;
    try {
      m = new RegExp(def.pattern, 'iu').exec(t);
    } catch {
      return undefined;
    }
    if (!m) return undefined;
    // A named group `value` picks the part of the message the slot keeps ("改成浙江省…" → the address).
    const picked = m.groups?.['value'];
    if (picked !== undefined) t = picked.trim();
  }
  if ([...t].length < (def.minLength ?? 1)) return undefined;
  return t;
}

/**
 * The flow's slots after a message: empty entity slots take the first entity of their type; choice
 * slots take a named choice (only when asked, if `whenAsked`); the asked text slot takes the text.
 * `known` are values from earlier in the conversation, used before the message's own.
 */
export function fillSlots(
  flow: Flow,
  slots: Readonly<Record<string, SlotValue>>,
  entities: readonly { type: string; value: SlotValue }[],
  text: string,
  asked: string | undefined,
  known: Readonly<Record<string, SlotValue>> = {},
  starting = false,
): Record<string, SlotValue> {
  const out: Record<string, SlotValue> = { ...slots };
  for (const [name, def] of Object.entries(flow.slots)) {
    if (out[name] !== undefined && name !== asked) continue;
    if (def.type === 'choice') {
      if (def.whenAsked && name !== asked) continue;
      const v = matchChoice(def, text);
      if (v !== undefined) out[name] = v;
      continue;
    }
    if (def.type === 'text') {
      // Free text belongs to the question asked, or to the message that started the flow, unless
      // the slot listens to every message for its pattern.
      if (name !== asked && !(def.fromTrigger && asked === undefined && starting) && !(def.listen && def.pattern)) continue;
      const v = textAnswer(def, text);
      if (v !== undefined) out[name] = v;
      continue;
    }
    const found = entities.find((e) => e.type === def.type);
    if (found) out[name] = found.value;
    else if (out[name] === undefined && Object.prototype.hasOwnProperty.call(known, def.type)) {
      const k = known[def.type];
      if (k !== undefined) out[name] = k;
    }
  }
  return out;
}

/** A message that abandons what is being done ("算了", "不用了谢谢"). */
const CANCEL = /^(算了|不用了|不需要了|没事了|先不用了|不弄了|那算了|取消吧|不办了|不用麻烦了|cancel|never ?mind|forget it|forget about it)(吧|啊|呀|了|哈)*[,，。.!！~～\s]*(谢谢|谢啦|then|please|thanks|thank you|for now)?[。.!！~～\s]*$/;

/** Whether the message only says to stop ("算了", "不用了谢谢"). */
export function isCancel(text: string): boolean {
  return CANCEL.test(normalized(text));
}

/** An explicit yes or no (a cancel phrase is a no), or undefined when the message is neither. */
export function readConfirmation(text: string): 'yes' | 'no' | undefined {
  const t = normalized(text);
  if (NO.test(t) || CANCEL.test(t)) return 'no';
  if (YES.test(t)) return 'yes';
  return undefined;
}
