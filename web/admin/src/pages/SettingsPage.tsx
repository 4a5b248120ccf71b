// The shop's settings: the common fields in a form (greeting, fallback, answer threshold) and the
// whole shop.yaml in the YAML editor (handoff, identity, coupons, experiments…), which the server
// checks like an import and answers with problems at their line; below, the tag taxonomy. The form
// and the file are one item with one version, so one part is saved while the other is unchanged.
import { Alert, Button, Card, Form, Input, InputNumber, Slider, Space, Spin, Tooltip, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { SettingsBody, SettingsDto } from '../../../../src/contracts/admin.js';
import { ApiError } from '../../../shared/api.js';
import { saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { ProblemList } from '../console/ProblemList.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { refusedLines, type RefusedLines } from '../flows/problems.js';
import { useStrings } from '../i18n.js';
import { TagsEditor } from '../settings/TagsEditor.js';
import YamlEditor from '../yaml/YamlEditor.js';
import { VersionStamp } from '../console/VersionStamp.js';

type Fields = Pick<SettingsDto, 'greeting' | 'fallback' | 'answerThreshold'>;
const fieldsOf = (s: SettingsDto): Fields => ({ greeting: s.greeting, fallback: s.fallback, answerThreshold: s.answerThreshold });

export default function SettingsPage() {
  const t = useStrings();
  const { api, fail } = useConsole();
  const notifyConflict = useConflictNotice();
  const [form] = Form.useForm<Fields>();
  const watched = Form.useWatch([], form) as Fields | undefined;
  const [loaded, setLoaded] = useState<SettingsDto | null>(null);
  const [text, setText] = useState('');
  const [saving, setSaving] = useState<'form' | 'yaml' | null>(null);
  const [problems, setProblems] = useState<RefusedLines | null>(null);

  const show = (s: SettingsDto) => {
    setLoaded(s);
    setText(s.yaml);
    form.setFieldsValue(fieldsOf(s));
  };

  useEffect(() => {
    let current = true;
    api.settings().then(
      (s) => current && show(s),
      (e: unknown) => current && fail(e),
    );
    return () => {
      current = false;
    };
    // `show` only sets state and the form.
  }, [api, fail]);

  const formDirty = loaded !== null && watched !== undefined && (watched.greeting !== loaded.greeting || watched.fallback !== loaded.fallback || watched.answerThreshold !== loaded.answerThreshold);
  const yamlDirty = loaded !== null && text !== loaded.yaml;

  const save = async (part: 'form' | 'yaml', body: SettingsBody) => {
    if (!loaded) return;
    setSaving(part);
    setProblems(null);
    try {
      const r = await saveChecked(
        () => api.settingsPut(body, loaded.version),
        () => api.settings(),
      );
      show(r.item);
      if (r.kind === 'conflict') notifyConflict(r.item);
      else void draftStore.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) {
        setProblems(refusedLines(e.lines));
      } else fail(e);
    } finally {
      setSaving(null);
    }
  };

  const version = loaded && <VersionStamp item={loaded} testId="settings-version" />;
  /** A save button that waits while the other part has unsaved edits (saving rewrites both). */
  const saveButton = (part: 'form' | 'yaml', dirty: boolean, otherDirty: boolean, onClick: () => void, testId: string) => (
    <Tooltip title={otherDirty ? t.cfg.saveOtherFirst : undefined}>
      <Button type="primary" loading={saving === part} disabled={!loaded || !dirty || otherDirty} onClick={onClick} data-testid={testId}>
        {t.cm.save}
      </Button>
    </Tooltip>
  );

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4}>{t.cfg.title}</Typography.Title>
        <Typography.Text type="secondary">{t.cm.draftNote}</Typography.Text>
      </div>
      <Spin spinning={!loaded}>
        <Space orientation="vertical" size={16} className="stack">
          <Card
            title={t.cfg.formTitle}
            extra={
              <Space>
                {version}
                <Button disabled={!formDirty} onClick={() => loaded && form.setFieldsValue(fieldsOf(loaded))}>
                  {t.cfg.revert}
                </Button>
                {saveButton('form', formDirty, yamlDirty, () => form.submit(), 'settings-save')}
              </Space>
            }
          >
            <Form<Fields> form={form} layout="vertical" onFinish={(v) => void save('form', { greeting: v.greeting, fallback: v.fallback, answerThreshold: v.answerThreshold })} requiredMark={false} data-testid="settings-form">
              <Form.Item name="greeting" label={t.cfg.greeting} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} data-testid="settings-greeting" />
              </Form.Item>
              <Form.Item name="fallback" label={t.cfg.fallback} extra={t.cfg.fallbackHint} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={500} data-testid="settings-fallback" />
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
            </Form>
          </Card>
          <Card
            title={t.cfg.yamlTitle}
            extra={
              <Space>
                <Button disabled={!yamlDirty} onClick={() => loaded && setText(loaded.yaml)}>
                  {t.cfg.revert}
                </Button>
                {saveButton('yaml', yamlDirty, formDirty, () => void save('yaml', { yaml: text }), 'settings-yaml-save')}
              </Space>
            }
          >
            <Typography.Paragraph type="secondary">{t.cfg.yamlHint}</Typography.Paragraph>
            {problems && <Alert type="error" showIcon title={t.cfg.invalid} description={<ProblemList problems={problems.lines} testId="settings-problems" />} className="editor-note" />}
            <YamlEditor value={text} onChange={setText} problems={problems?.located ?? null} height={480} testId="settings-yaml" />
          </Card>
          <TagsEditor />
        </Space>
      </Spin>
    </div>
  );
}
