// The signed-in workspace: queue and my conversations on the left, the open conversation in the
// middle, the customer and suggested replies on the right. HTTP loads; Socket.IO keeps it live.
import { App as AntApp, Badge, Switch } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type ConversationDetail, type ConversationSummary, type Staff, type Suggestion, type TransferTarget, type WorkspaceMessage } from './api.js';
import { ConversationLists } from './ConversationLists.js';
import { ConversationView, type ConversationActions } from './ConversationView.js';
import { CustomerPanel } from './CustomerPanel.js';
import { useStrings } from './i18n.js';
import { useAgentSocket, type SocketStatus } from './use-agent-socket.js';

/** Highest priority first, then the longest wait: the server's queue order, kept when events arrive. */
function sortQueue(list: ConversationSummary[]): ConversationSummary[] {
  return [...list].sort((a, b) => b.priority - a.priority || Date.parse(a.since) - Date.parse(b.since));
}

/** Replace a conversation in place, put it first when new, or drop it when it no longer belongs. */
function upsert(list: ConversationSummary[], c: ConversationSummary, belongs: boolean): ConversationSummary[] {
  if (!belongs) return list.filter((x) => x.id !== c.id);
  return list.some((x) => x.id === c.id) ? list.map((x) => (x.id === c.id ? c : x)) : [c, ...list];
}

/** Messages arrive over HTTP and the socket alike; each is shown once. */
function mergeMessages(have: WorkspaceMessage[], incoming: WorkspaceMessage[]): WorkspaceMessage[] {
  const seen = new Set(have.map((m) => m.id));
  const fresh = incoming.filter((m) => !seen.has(m.id));
  return fresh.length ? [...have, ...fresh] : have;
}

function withLastMessage(list: ConversationSummary[], id: string, m: WorkspaceMessage): ConversationSummary[] {
  const author = m.author;
  if (author === 'note') return list;
  return list.map((c) => (c.id === id ? { ...c, updatedAt: m.createdAt, lastMessage: { text: m.text, author, createdAt: m.createdAt } } : c));
}

const statusColor: Record<SocketStatus, 'success' | 'processing' | 'error'> = { online: 'success', connecting: 'processing', offline: 'error' };

export function Workspace({ staff, onSessionEnded }: { staff: Staff; onSessionEnded: () => void }) {
  const t = useStrings();
  const { message } = AntApp.useApp();
  const [queue, setQueue] = useState<ConversationSummary[]>([]);
  const [mine, setMine] = useState<ConversationSummary[]>([]);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [detail, setDetail] = useState<ConversationDetail | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const [unread, setUnread] = useState<ReadonlySet<string>>(new Set());
  const selectedRef = useRef(selectedId);
  selectedRef.current = selectedId;

  // Read through a ref so that switching language does not re-create the loaders (and reload everything).
  const latest = useRef({ t, message, onSessionEnded });
  latest.current = { t, message, onSessionEnded };
  const report = useCallback((e: unknown) => {
    const { t, message, onSessionEnded } = latest.current;
    if (e instanceof ApiError && e.status === 401) onSessionEnded();
    else void message.error(t.failed + (e instanceof Error ? e.message : String(e)));
  }, []);

  const loadLists = useCallback(async () => {
    try {
      const [q, m] = await Promise.all([api.queue(), api.mine()]);
      setQueue(sortQueue(q.conversations));
      setMine(m.conversations);
    } catch (e) {
      report(e);
    }
  }, [report]);

  const loadDetail = useCallback(
    async (id: string) => {
      try {
        const d = await api.detail(id);
        if (selectedRef.current === id) setDetail(d);
      } catch (e) {
        report(e);
      }
    },
    [report],
  );

  // Suggestions are a help, not a must: a failure leaves the list empty.
  const loadSuggestions = useCallback(async (id: string) => {
    const s = await api.suggestions(id).catch(() => ({ suggestions: [] }));
    if (selectedRef.current === id) setSuggestions(s.suggestions);
  }, []);

  useEffect(() => {
    void loadLists();
  }, [loadLists]);

  useEffect(() => {
    setDetail(null);
    setSuggestions([]);
    if (!selectedId) return;
    setUnread((u) => (u.has(selectedId) ? new Set([...u].filter((x) => x !== selectedId)) : u));
    void loadDetail(selectedId);
    void loadSuggestions(selectedId);
  }, [selectedId, loadDetail, loadSuggestions]);

  const applySummary = useCallback(
    (c: ConversationSummary) => {
      setQueue((q) => sortQueue(upsert(q, c, c.owner === 'queued')));
      setMine((m) => upsert(m, c, c.owner === 'agent' && c.agentId === staff.id));
      setDetail((d) => (d && d.conversation.id === c.id ? { ...d, conversation: c } : d));
    },
    [staff.id],
  );

  const { status, away, setAway } = useAgentSocket({
    onConnected: () => {
      void loadLists();
      if (selectedRef.current) void loadDetail(selectedRef.current);
    },
    onQueueChanged: (e) => applySummary(e.conversation),
    onMessages: ({ conversationId, messages }) => {
      setDetail((d) => (d && d.conversation.id === conversationId ? { ...d, messages: mergeMessages(d.messages, messages) } : d));
      for (const m of messages) {
        setQueue((q) => withLastMessage(q, conversationId, m));
        setMine((q) => withLastMessage(q, conversationId, m));
      }
      if (!messages.some((m) => m.author === 'shopper')) return;
      if (conversationId === selectedRef.current) void loadSuggestions(conversationId);
      else setUnread((u) => new Set(u).add(conversationId));
    },
  });

  /** Run one action on the open conversation; afterwards reload it, since others may have moved too. */
  const run = useCallback(
    async (id: string, action: () => Promise<unknown>): Promise<boolean> => {
      try {
        await action();
        return true;
      } catch (e) {
        report(e);
        return false;
      } finally {
        void loadLists();
        if (selectedRef.current === id) void loadDetail(id);
      }
    },
    [loadDetail, loadLists, report],
  );

  const actions: ConversationActions = {
    claim: (id) => run(id, async () => applySummary(await api.claim(id))),
    close: (id) => run(id, async () => applySummary(await api.close(id))),
    handBack: (id) => run(id, () => api.handBack(id)),
    transfer: (id, to: TransferTarget) => run(id, () => api.transfer(id, to)),
    note: (id, text) =>
      run(id, async () => {
        const { note } = await api.note(id, text);
        setDetail((d) => (d && d.conversation.id === id ? { ...d, messages: mergeMessages(d.messages, [note]) } : d));
      }),
    send: (id, text, clientMessageId) =>
      run(id, async () => {
        const { message: sent } = await api.send(id, text, clientMessageId);
        setDetail((d) => (d && d.conversation.id === id ? { ...d, messages: mergeMessages(d.messages, [sent]) } : d));
      }),
  };

  const draft = selectedId ? (drafts[selectedId] ?? '') : '';
  const setDraft = (text: string) => {
    if (selectedId) setDrafts((d) => ({ ...d, [selectedId]: text }));
  };

  return (
    <div className="workspace">
      <aside className="pane lists">
        <div className="socket-status" data-testid="socket-status" data-status={status}>
          <Badge status={statusColor[status]} text={t[status]} />
          <Switch size="small" data-testid="availability" checked={!away} onChange={(on) => setAway(!on)} checkedChildren={t.available} unCheckedChildren={t.away} />
        </div>
        <ConversationLists queue={queue} mine={mine} selectedId={selectedId} unread={unread} onSelect={setSelectedId} />
      </aside>
      <main className="pane conversation">
        <ConversationView key={selectedId ?? 'none'} detail={detail} loading={selectedId !== null && detail === null} staff={staff} draft={draft} onDraft={setDraft} actions={actions} />
      </main>
      <aside className="pane side">
        {detail && <CustomerPanel detail={detail} suggestions={suggestions} onUseSuggestion={setDraft} />}
      </aside>
    </div>
  );
}
