// Chatting with the saved draft as a shopper: every message sends the whole conversation so far
// (POST /simulate replays it from the start), and each reply shows its trace.
import { Alert, Button, Empty, Input, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import type { SimulateResult } from '../../../../src/contracts/admin.js';
import { useConsole } from '../console/context.js';
import { useStrings } from '../i18n.js';
import { ReplyView } from '../try/ReplyView.js';

/** The API takes at most this many messages (src/contracts/admin.ts simulateBody). */
const MAX_MESSAGES = 30;

export function Simulator({ unsaved }: { unsaved: boolean }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const [text, setText] = useState('');
  const [productId, setProductId] = useState('');
  const [customerId, setCustomerId] = useState('');
  const [result, setResult] = useState<SimulateResult | null>(null);
  /** What the shopper said so far (the result's turns also hold the greeting, whose user text is empty). */
  const [messages, setMessages] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setResult(null);
    setMessages([]);
  };
  const send = async () => {
    const line = text.trim();
    if (!line || messages.length >= MAX_MESSAGES) return;
    setBusy(true);
    try {
      const next = [...messages, line];
      const r = await api.simulate({
        messages: next,
        ...(productId.trim() ? { productId: productId.trim() } : {}),
        ...(customerId.trim() ? { customerId: customerId.trim() } : {}),
      });
      setResult(r);
      setMessages(next);
      setText('');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="simulator" data-testid="simulator">
      <Typography.Paragraph type="secondary">{t.sop.simHint}</Typography.Paragraph>
      {unsaved && <Alert type="warning" showIcon title={t.sop.unsaved} className="editor-note" />}
      <Space wrap className="sim-ids">
        <Input size="small" value={productId} onChange={(e) => setProductId(e.target.value)} placeholder={t.sop.simProduct} maxLength={64} data-testid="sim-product" />
        <Input size="small" value={customerId} onChange={(e) => setCustomerId(e.target.value)} placeholder={t.sop.simCustomer} maxLength={64} data-testid="sim-customer" />
      </Space>
      <Spin spinning={busy}>
        <div className="sim-log" data-testid="sim-log">
          {result?.turns.length ? (
            result.turns.map((turn, i) => (
              <div key={i} className="sim-turn" data-testid="sim-turn">
                {turn.user !== '' && (
                  <div className="sim-user">
                    <Typography.Text type="secondary">{t.sop.shopper}</Typography.Text>
                    <div className="bubble">{turn.user}</div>
                  </div>
                )}
                {turn.replies.map((r, j) => (
                  <ReplyView key={j} reply={r} compact />
                ))}
              </div>
            ))
          ) : (
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={null} />
          )}
        </div>
      </Spin>
      <Space.Compact block>
        <Input value={text} onChange={(e) => setText(e.target.value)} onPressEnter={() => void send()} placeholder={t.sop.simPlaceholder} maxLength={2000} disabled={busy} data-testid="sim-input" />
        <Button type="primary" onClick={() => void send()} loading={busy} disabled={!text.trim() || messages.length >= MAX_MESSAGES} data-testid="sim-send">
          {t.sop.send}
        </Button>
        <Button onClick={reset} disabled={busy || !result} data-testid="sim-reset">
          {t.sop.reset}
        </Button>
      </Space.Compact>
    </div>
  );
}
