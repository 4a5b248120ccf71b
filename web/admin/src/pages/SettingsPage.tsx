// The shop's settings: what shoppers are told (greeting, fallback), when an answer is good enough,
// and the handoff and identity rules as YAML; below, the tag taxonomy. Each part is saved with the
// version it was loaded at. The YAML editor comes in this page's chunk only.
import { Alert, Button, Card, Form, Input, InputNumber, Slider, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SettingsBody, SettingsDto } from '../../../../src/contracts/admin.js';
import { ApiError } from '../../../shared/api.js';
import { saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { ProblemList } from '../console/ProblemList.js';
import { localTime } from '../console/time.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { useStrings } from '../i18n.js';
import { TagsEditor } from '../settings/TagsEditor.js';
import YamlEditor from '../yaml/YamlEditor.js';

export default function SettingsPage() {
  const t = useStrings();
  const { api, fail } = useConsole();
  const notifyConflict = useConflictNotice();
  const [form] = Form.useForm<SettingsBody>();
  const [loaded, setLoaded] = useState<SettingsDto | null>(null);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<readonly string[]>([]);

  useEffect(() => {
    let current = true;
    api.settings().then(
      (s) => {
        if (!current) return;
        setLoaded(s);
        form.setFieldsValue(s);
      },
      (e: unknown) => current && fail(e),
    );
    return () => {
      current = false;
    };
  }, [api, fail, form]);

  const save = async (v: SettingsBody) => {
    if (!loaded) return;
    setSaving(true);
    setProblems([]);
    try {
      const body: SettingsBody = { greeting: v.greeting, fallback: v.fallback, answerThreshold: v.answerThreshold, handoffYaml: v.handoffYaml ?? '', identityYaml: v.identityYaml ?? '' };
      const r = await saveChecked(
        () => api.settingsPut(body, loaded.version),
        () => api.settings(),
      );
      setLoaded(r.item);
      form.setFieldsValue(r.item);
      if (r.kind === 'conflict') notifyConflict(r.item);
      else void draftStore.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setProblems(e.details.length ? e.details : [e.message]);
      else fail(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4}>{t.cfg.title}</Typography.Title>
        <Typography.Text type="secondary">{t.cm.draftNote}</Typography.Text>
      </div>
      <Space orientation="vertical" size={16} className="stack">
        <Card
          title={t.cfg.title}
          extra={
            <Space>
              {loaded && (
                <Typography.Text type="secondary" data-testid="settings-version" data-version={loaded.version}>
                  {t.cm.version(loaded.version)} · {t.cm.updatedBy(loaded.updatedBy, localTime(loaded.updatedAt))}
                </Typography.Text>
              )}
              <Button type="primary" loading={saving} disabled={!loaded} onClick={() => form.submit()} data-testid="settings-save">
                {t.cm.save}
              </Button>
            </Space>
          }
        >
          <Spin spinning={!loaded}>
            {problems.length > 0 && <Alert type="error" showIcon title={t.cfg.invalid} description={<ProblemList problems={problems} testId="settings-problems" />} className="editor-note" />}
            <Form<SettingsBody> form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false} data-testid="settings-form">
              <Form.Item name="greeting" label={t.cfg.greeting} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="settings-greeting" />
              </Form.Item>
              <Form.Item name="fallback" label={t.cfg.fallback} extra={t.cfg.fallbackHint} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={1000} data-testid="settings-fallback" />
              </Form.Item>
              <Form.Item label={t.cfg.threshold} extra={t.cfg.thresholdHint}>
                <div className="threshold">
                  <Form.Item name="answerThreshold" noStyle>
                    <Slider min={0} max={1} step={0.01} className="threshold-slider" />
                  </Form.Item>
                  <Form.Item name="answerThreshold" noStyle>
                    <InputNumber min={0} max={1} step={0.01} precision={2} data-testid="settings-threshold" />
                  </Form.Item>
                </div>
              </Form.Item>
              <Form.Item name="handoffYaml" label={t.cfg.handoff}>
                <YamlField testId="settings-handoff" />
              </Form.Item>
              <Form.Item name="identityYaml" label={t.cfg.identity}>
                <YamlField testId="settings-identity" height={160} />
              </Form.Item>
            </Form>
          </Spin>
        </Card>
        <TagsEditor />
      </Space>
    </div>
  );
}

/** The YAML editor as a form control (antd's Form.Item gives value and onChange). */
function YamlField({ value, onChange, testId, height = 260 }: { value?: string; onChange?: (v: string) => void; testId: string; height?: number }) {
  return <YamlEditor value={value ?? ''} onChange={onChange} height={height} testId={testId} />;
}
