// The open conversation: who owns it, the transcript, the actions (claim, transfer, hand back,
// close, note) and the composer, which only the owning agent can use.
import { Button, Empty, Input, Space, Spin, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { NoteModal, TransferModal } from './ActionModals.js';
import { ChannelTag } from './ChannelTag.js';
import { newClientMessageId, type ConversationDetail, type Staff, type TransferTarget } from './api.js';
import { reasonLabel, useStrings } from './i18n.js';
import { Transcript } from './Transcript.js';

/** What the view can ask of the workspace; each resolves true when the server accepted it. */
export interface ConversationActions {
  claim: (id: string) => Promise<boolean>;
  transfer: (id: string, to: TransferTarget) => Promise<boolean>;
  handBack: (id: string) => Promise<boolean>;
  close: (id: string) => Promise<boolean>;
  note: (id: string, text: string) => Promise<boolean>;
  send: (id: string, text: string, clientMessageId: string) => Promise<boolean>;
}

interface Props {
  detail: ConversationDetail | null;
  loading: boolean;
  staff: Staff;
  draft: string;
  onDraft: (text: string) => void;
  actions: ConversationActions;
}

const ownerColor = { ai: 'cyan', queued: 'orange', agent: 'green', closed: 'default' } as const;

export function ConversationView({ detail, loading, staff, draft, onDraft, actions }: Props) {
  const t = useStrings();
  const [modal, setModal] = useState<'transfer' | 'note' | null>(null);
  const [busy, setBusy] = useState(false);
  /** The id of a send that failed: resending the same text reuses it, so the server can drop a duplicate. */
  const pending = useRef<{ text: string; id: string } | null>(null);

  if (!detail) return <div className="center">{loading ? <Spin /> : <Empty description={t.pickConversation} />}</div>;
  const c = detail.conversation;
  const mine = c.owner === 'agent' && c.agentId === staff.id;

  const act = async (action: () => Promise<boolean>) => {
    setBusy(true);
    await action();
    setBusy(false);
  };

  const send = async () => {
    const text = draft.trim();
    if (!text || !mine || busy) return;
    const id = pending.current?.text === text ? pending.current.id : newClientMessageId();
    pending.current = { text, id };
    setBusy(true);
    const ok = await actions.send(c.id, text, id);
    setBusy(false);
    if (ok) {
      pending.current = null;
      onDraft('');
    }
  };

  return (
    <div className="conv-view" data-conversation-id={c.id} data-owner={c.owner}>
      <header className="conv-header">
        <Space wrap size={[8, 4]}>
          <Typography.Title level={5} className="conv-name">
            {c.customerName ?? c.customerKey}
          </Typography.Title>
          <ChannelTag channel={c.channel} />
          <Tag color={ownerColor[c.owner]} data-testid="owner">
            {t.owners[c.owner]}
            {c.owner === 'agent' && c.agentId && ` · ${c.agentId === staff.id ? t.you : c.agentId}`}
          </Tag>
          {c.reason && <Tag color="volcano">{reasonLabel(t, c.reason)}</Tag>}
          {c.group && <Tag>{c.group}</Tag>}
        </Space>
        <Space wrap className="conv-actions">
          {c.owner === 'queued' && (
            <Button type="primary" data-testid="btn-claim" loading={busy} onClick={() => act(() => actions.claim(c.id))}>
              {t.claim}
            </Button>
          )}
          <Button data-testid="btn-transfer" disabled={!mine} onClick={() => setModal('transfer')}>
            {t.transfer}
          </Button>
          <Button data-testid="btn-hand-back" disabled={!mine || busy} onClick={() => act(() => actions.handBack(c.id))}>
            {t.handBack}
          </Button>
          <Button data-testid="btn-note" onClick={() => setModal('note')}>
            {t.note}
          </Button>
          <Button danger data-testid="btn-close" disabled={!mine || busy} onClick={() => act(() => actions.close(c.id))}>
            {t.close}
          </Button>
        </Space>
      </header>
      <Transcript messages={detail.messages} myId={staff.id} />
      <footer className="composer">
        <Input.TextArea
          data-testid="composer-input"
          value={draft}
          disabled={!mine}
          placeholder={mine ? t.composerPlaceholder : t.composerDisabled}
          autoSize={{ minRows: 2, maxRows: 6 }}
          maxLength={4000}
          onChange={(e) => onDraft(e.target.value)}
          onKeyDown={(e) => {
            // Enter sends, but not while an input method is composing Chinese.
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void send();
            }
          }}
        />
        <Button type="primary" data-testid="composer-send" disabled={!mine || !draft.trim()} loading={busy} onClick={() => void send()}>
          {t.send}
        </Button>
      </footer>
      <TransferModal open={modal === 'transfer'} groups={staff.groups} onClose={() => setModal(null)} onSubmit={(to) => actions.transfer(c.id, to)} />
      <NoteModal open={modal === 'note'} onClose={() => setModal(null)} onSubmit={(text) => actions.note(c.id, text)} />
    </div>
  );
}
