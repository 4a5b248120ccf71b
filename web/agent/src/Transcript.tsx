// The full transcript: shopper, AI (with an expandable trace), agents and internal notes. Every
// text is rendered as a React text node, never as HTML.
import { Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { WorkspaceMessage } from './api.js';
import { useStrings, type Strings } from './i18n.js';

const get = (v: unknown, key: string): unknown => (typeof v === 'object' && v !== null ? Reflect.get(v, key) : undefined);
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The facts of a reply's trace worth showing an agent, as label/value pairs. */
function traceFacts(trace: NonNullable<WorkspaceMessage['trace']>, t: Strings): [string, string][] {
  const facts: [string, string][] = [[t.traceSource, `${t.traceSources[trace.source] ?? trace.source} (${trace.source})`]];
  const faqId = str(trace['faqId']);
  if (faqId) facts.push([t.traceFaq, faqId]);
  const flow = trace['flow'];
  const flowId = str(get(flow, 'id'));
  if (flowId) facts.push([t.traceFlow, [flowId, str(get(flow, 'step')), str(get(flow, 'template'))].filter(Boolean).join(' · ')]);
  const confidence = num(trace['confidence']) ?? num(trace['score']);
  if (confidence !== undefined) facts.push([t.traceConfidence, confidence.toFixed(2)]);
  const products = Array.isArray(trace['productIds']) ? trace['productIds'].filter((p) => typeof p === 'string') : [];
  const productId = str(trace['productId']);
  if (productId || products.length) facts.push([t.traceProduct, productId ?? products.join(', ')]);
  const rule = str(trace['rule']);
  if (rule) facts.push([t.traceRule, rule]);
  const understanding = trace['understanding'];
  const intent = str(get(understanding, 'intent'));
  if (intent) {
    const c = num(get(understanding, 'confidence'));
    facts.push([t.traceIntent, c === undefined ? intent : `${intent} (${c.toFixed(2)})`]);
  }
  const handoff = str(get(trace['handoff'], 'reason'));
  if (handoff) facts.push([t.traceHandoff, handoff]);
  const policy = trace['policy'];
  const rules = [str(get(policy, 'turn')), str(get(policy, 'ask')), str(get(policy, 'choose'))].filter(Boolean);
  if (rules.length) facts.push([t.tracePolicy, rules.join(' → ')]);
  const llm = trace['llm'];
  const outcome = str(get(llm, 'outcome'));
  if (outcome) {
    const sources = get(llm, 'sources');
    const cited = Array.isArray(sources) ? sources.filter((x) => typeof x === 'string').join(', ') : '';
    facts.push([t.traceModel, [str(get(llm, 'command')), outcome, cited, num(get(llm, 'tokens')) !== undefined ? `${num(get(llm, 'tokens'))} tokens` : undefined].filter(Boolean).join(' · ')]);
  }
  const blocked = get(trace['guardrails'], 'blocked');
  if (Array.isArray(blocked) && blocked.length) facts.push([t.traceBlocked, blocked.map((b) => `${str(get(b, 'kind')) ?? ''}: ${str(get(b, 'text')) ?? ''}`).join('；')]);
  return facts;
}

function Trace({ trace }: { trace: NonNullable<WorkspaceMessage['trace']> }) {
  const t = useStrings();
  const [open, setOpen] = useState(false);
  return (
    <div className="trace">
      <Button type="link" size="small" className="trace-toggle" data-testid="trace-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t.trace} · {t.traceSources[trace.source] ?? trace.source} {open ? '▴' : '▾'}
      </Button>
      {open && (
        <dl className="trace-facts" data-testid="trace">
          {traceFacts(trace, t).map(([k, v]) => (
            <div key={k}>
              <dt>{k}</dt>
              <dd>{v}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

const time = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

export function Transcript({ messages, myId }: { messages: WorkspaceMessage[]; myId: string }) {
  const t = useStrings();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (box.current) box.current.scrollTop = box.current.scrollHeight;
  }, [messages.length]);

  return (
    <div className="transcript" ref={box} aria-live="polite">
      {messages.map((m) => (
        <div key={m.id} className={`msg msg-${m.author}`} data-testid="msg" data-author={m.author} data-message-id={m.id}>
          <div className="msg-head">
            {t.authors[m.author]}
            {m.agentId && (m.author === 'agent' || m.author === 'note') && ` · ${m.agentId === myId ? t.you : m.agentId}`}
            <span className="msg-time">{time(m.createdAt)}</span>
          </div>
          <div className="msg-text">{m.text}</div>
          {m.author === 'ai' && m.trace && <Trace trace={m.trace} />}
        </div>
      ))}
    </div>
  );
}
