// "Try a sentence": one shopper message answered by the draft and by the live release side by
// side, with why each reply was given, so an editor sees what a change does before publishing.
import { Button, Card, Col, Empty, Form, Input, Row, Space, Spin, Typography } from 'antd';
import { useState } from 'react';
import type { TryResult } from '../../../../src/contracts/admin.js';
import { useConsole } from '../console/context.js';
import { useStrings } from '../i18n.js';
import { ReplyView } from '../try/ReplyView.js';

type Side = TryResult['draft'];

export default function TryPage() {
  const t = useStrings();
  const { api, fail } = useConsole();
  const [text, setText] = useState('');
  const [productId, setProductId] = useState('');
  const [result, setResult] = useState<TryResult | null>(null);
  const [busy, setBusy] = useState(false);

  const run = async () => {
    const sentence = text.trim();
    if (!sentence) return;
    setBusy(true);
    try {
      setResult(await api.tryText({ text: sentence, ...(productId.trim() ? { productId: productId.trim() } : {}) }));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4}>{t.tryIt.title}</Typography.Title>
        <Typography.Text type="secondary">{t.tryIt.hint}</Typography.Text>
      </div>
      <Form layout="vertical" onFinish={() => void run()} className="try-form">
        <Space.Compact block>
          <Input size="large" value={text} onChange={(e) => setText(e.target.value)} placeholder={t.tryIt.placeholder} maxLength={2000} data-testid="try-input" />
          <Button size="large" type="primary" htmlType="submit" loading={busy} disabled={!text.trim()} data-testid="try-submit">
            {t.tryIt.submit}
          </Button>
        </Space.Compact>
        <Input value={productId} onChange={(e) => setProductId(e.target.value)} placeholder={t.tryIt.productId} maxLength={64} className="try-product" data-testid="try-product" />
      </Form>
      <Spin spinning={busy}>
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <Pane title={t.tryIt.draft} side={result?.draft ?? null} testId="try-draft" empty={result ? t.tryIt.noReply : ''} />
          </Col>
          <Col xs={24} lg={12}>
            <Pane title={t.tryIt.live} side={result?.live ?? null} testId="try-live" empty={result ? t.tryIt.noLive : ''} />
          </Col>
        </Row>
      </Spin>
    </div>
  );
}

function Pane({ title, side, testId, empty }: { title: string; side: Side | null; testId: string; empty: string }) {
  const t = useStrings();
  return (
    <Card title={title} extra={side && <Typography.Text type="secondary">{t.tryIt.release(side.releaseId)}</Typography.Text>} className="panel" data-testid={testId}>
      {side && side.replies.length > 0 ? side.replies.map((r, i) => <ReplyView key={i} reply={r} />) : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={side ? t.tryIt.noReply : empty || null} />}
    </Card>
  );
}
