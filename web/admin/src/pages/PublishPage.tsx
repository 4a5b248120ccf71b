// Publishing: what the draft would change, the shop's tests on it, and the release itself. A
// publish that makes cases newly fail is refused (409 XIAOER_PUBLISH_NEW_FAILURES) until the user
// has seen those failures and confirmed; then it is asked again with confirm: true.
import { Alert, App, Button, Card, Input, Modal, Space, Spin, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { DraftDto, PublishResult, ReleaseDto } from '../../../../src/contracts/admin.js';
import { ApiError } from '../../../shared/api.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { ProblemList } from '../console/ProblemList.js';
import { useStrings } from '../i18n.js';
import { ChangesView } from '../publish/ChangesView.js';
import { Releases } from '../publish/Releases.js';
import { TestsSummary } from '../publish/TestsSummary.js';

const NEW_FAILURES = 'XIAOER_PUBLISH_NEW_FAILURES';

export default function PublishPage() {
  const t = useStrings();
  const { api, fail } = useConsole();
  const { message } = App.useApp();
  const [draft, setDraft] = useState<DraftDto | null>(null);
  const [releases, setReleases] = useState<ReleaseDto[]>([]);
  const [loading, setLoading] = useState(true);
  const [checked, setChecked] = useState<PublishResult | null>(null);
  const [checking, setChecking] = useState(false);
  const [note, setNote] = useState('');
  const [publishing, setPublishing] = useState(false);
  /** The new failures the server refused the publish for, waiting for the user's confirmation. */
  const [refusal, setRefusal] = useState<readonly string[] | null>(null);
  const [reloads, setReloads] = useState(0);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    setLoading(true);
    Promise.all([api.draft(true), api.releases()]).then(
      ([d, r]) => {
        if (!current) return;
        setDraft(d);
        setReleases(r.releases);
      },
      (e: unknown) => current && fail(e),
    ).finally(() => current && setLoading(false));
    void draftStore.refresh();
    return () => {
      current = false;
    };
  }, [api, fail, reloads]);

  const check = async () => {
    setChecking(true);
    try {
      setChecked(await api.publishCheck());
    } catch (e) {
      fail(e);
    } finally {
      setChecking(false);
    }
  };

  const publish = async (confirm: boolean) => {
    setPublishing(true);
    try {
      const r = await api.publish({ ...(confirm ? { confirm: true } : {}), ...(note.trim() ? { note: note.trim() } : {}) });
      setRefusal(null);
      setChecked(r);
      setNote('');
      void message.success(r.created ? t.pub.published(r.releaseId) : t.pub.notCreated);
      reload();
    } catch (e) {
      if (e instanceof ApiError && e.status === 409 && e.code === NEW_FAILURES) setRefusal(e.lines);
      else fail(e);
    } finally {
      setPublishing(false);
    }
  };

  const blocked = (draft?.problems.length ?? 0) > 0;
  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4}>{t.pub.title}</Typography.Title>
      </div>
      <Spin spinning={loading}>
        <Space orientation="vertical" size={16} className="stack">
          <Card title={t.pub.draftTitle} extra={draft && <Typography.Text type="secondary">{t.pub.basedOn(draft.basedOn)}</Typography.Text>}>
            {draft && <ChangesView changes={draft.changes} testId="draft-changes" />}
            {blocked && <Alert type="error" showIcon title={t.pub.draftProblems} description={<ProblemList problems={draft!.problems} testId="draft-problems" />} className="editor-note" />}
          </Card>
          <Card
            title={t.pub.checkTitle}
            extra={
              <Button onClick={() => void check()} loading={checking} data-testid="publish-check">
                {t.pub.check}
              </Button>
            }
          >
            <Typography.Paragraph type="secondary">{t.pub.checkHint}</Typography.Paragraph>
            {checked && <TestsSummary tests={checked.tests} />}
          </Card>
          <Card title={t.pub.publish}>
            <Space.Compact block>
              <Input value={note} onChange={(e) => setNote(e.target.value)} maxLength={500} placeholder={t.pub.note} data-testid="publish-note" />
              <Button type="primary" loading={publishing} disabled={blocked} onClick={() => void publish(false)} data-testid="publish-submit">
                {t.pub.publish}
              </Button>
            </Space.Compact>
          </Card>
          <Card title={t.pub.releasesTitle}>
            <Releases releases={releases} loading={loading} onChanged={reload} />
          </Card>
        </Space>
      </Spin>
      <Modal
        open={refusal !== null}
        title={t.pub.confirmTitle}
        onCancel={() => setRefusal(null)}
        width={720}
        footer={
          <Space>
            <Button onClick={() => setRefusal(null)} data-testid="publish-cancel">
              {t.cm.cancel}
            </Button>
            <Button type="primary" danger loading={publishing} onClick={() => void publish(true)} data-testid="publish-confirm">
              {t.pub.confirmPublish}
            </Button>
          </Space>
        }
      >
        <Typography.Paragraph>{t.pub.confirmText}</Typography.Paragraph>
        <ProblemList problems={refusal ?? []} testId="publish-new-failures" />
      </Modal>
    </div>
  );
}
