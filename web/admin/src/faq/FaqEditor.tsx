// The editor of one knowledge entry, in a drawer: a new entry (from the "new" button or a knowledge
// gap, with a suggested id) or an existing one, saved with the version it was loaded at.
import { Alert, Button, Drawer, Form, Input, Select, Space, Spin, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { FaqBody, FaqEntryDto } from '../../../../src/contracts/admin.js';
import { ApiError } from '../../../shared/api.js';
import { isEditConflict, NEW_ITEM, saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { ProblemList } from '../console/ProblemList.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { useStrings } from '../i18n.js';
import { ITEM_ID, suggestFaqId } from './suggest-id.js';
import { VersionStamp } from '../console/VersionStamp.js';
import { RestoreMine } from '../console/RestoreMine.js';

/** What the drawer edits: an entry by id, or a new one (maybe prefilled from a knowledge gap). */
export type FaqTarget = { kind: 'edit'; id: string } | { kind: 'new'; question?: string };

interface FaqForm {
  id: string;
  question: string;
  answer: string;
  similar: string[];
  tags: string[];
}

export function FaqEditor({ target, tags, onClose, onSaved }: { target: FaqTarget | null; tags: string[]; onClose: () => void; onSaved: (entry: FaqEntryDto) => void }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const notifyConflict = useConflictNotice();
  const [form] = Form.useForm<FaqForm>();
  const [loaded, setLoaded] = useState<FaqEntryDto | null>(null);
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<readonly string[]>([]);
  /** The user's edit a conflict replaced with the newer version, until restored or saved. */
  const [mine, setMine] = useState<FaqForm | null>(null);

  const editId = target?.kind === 'edit' ? target.id : null;
  const prefill = target?.kind === 'new' ? (target.question ?? '') : null;

  useEffect(() => {
    setProblems([]);
    setLoaded(null);
    setMine(null);
    if (editId !== null) {
      let current = true;
      setLoading(true);
      api.faqGet(editId).then(
        (entry) => {
          if (!current) return;
          setLoaded(entry);
          form.setFieldsValue(entry);
          setLoading(false);
        },
        (e: unknown) => {
          if (current) fail(e);
          setLoading(false);
        },
      );
      return () => {
        current = false;
      };
    }
    if (prefill !== null) form.setFieldsValue({ id: prefill ? suggestFaqId(prefill) : '', question: prefill, answer: '', similar: [], tags: [] });
    return undefined;
  }, [editId, prefill, api, fail, form]);

  const save = async (v: FaqForm) => {
    const body: FaqBody = { question: v.question, answer: v.answer, similar: v.similar ?? [], tags: v.tags ?? [] };
    setSaving(true);
    setProblems([]);
    try {
      if (loaded) {
        const r = await saveChecked(
          () => api.faqPut(loaded.id, body, loaded.version),
          () => api.faqGet(loaded.id),
        );
        setLoaded(r.item);
        form.setFieldsValue(r.item);
        if (r.kind === 'conflict') {
          setMine(v);
          notifyConflict(r.item);
        } else {
          setMine(null);
          finish(r.item);
        }
      } else {
        // Created only if nothing has the id yet: a PUT without If-Match would replace it.
        try {
          finish(await api.faqPut(v.id, body, NEW_ITEM));
        } catch (e) {
          if (!isEditConflict(e)) throw e;
          form.setFields([{ name: 'id', errors: [t.kb.idTaken(v.id)] }]);
        }
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setProblems(e.lines);
      else fail(e);
    } finally {
      setSaving(false);
    }
  };

  const finish = (entry: FaqEntryDto) => {
    void draftStore.refresh();
    onSaved(entry);
  };

  return (
    <Drawer
      open={target !== null}
      onClose={onClose}
      size={640}
      destroyOnHidden
      title={editId ? t.kb.editorEdit(editId) : t.kb.editorNew}
      extra={
        <Space>
          <Button onClick={onClose}>{t.cm.cancel}</Button>
          <Button type="primary" loading={saving} disabled={loading} onClick={() => form.submit()} data-testid="faq-save">
            {t.cm.save}
          </Button>
        </Space>
      }
    >
      <Spin spinning={loading}>
        {target?.kind === 'new' && target.question && <Alert type="info" showIcon title={t.kb.fromGap} className="editor-note" data-testid="faq-from-gap" />}
        {mine && <RestoreMine onRestore={() => form.setFieldsValue({ question: mine.question, answer: mine.answer, similar: mine.similar, tags: mine.tags })} testId="faq-restore-mine" />}
        {loaded && (
          <Typography.Paragraph>
            <VersionStamp item={loaded} testId="faq-version" />
          </Typography.Paragraph>
        )}
        <Form<FaqForm> form={form} layout="vertical" onFinish={save} requiredMark={false} data-testid="faq-editor">
          <Form.Item
            name="id"
            label={t.kb.fieldId}
            extra={loaded ? undefined : t.kb.fieldIdHint}
            rules={[{ required: true, message: t.cm.required }, { validator: async (_, v: string) => (v && !ITEM_ID.test(v) ? Promise.reject(new Error(t.cm.invalidId)) : undefined) }]}
          >
            <Input disabled={loaded !== null} maxLength={64} data-testid="faq-id" />
          </Form.Item>
          <Form.Item name="question" label={t.kb.fieldQuestion} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
            <Input maxLength={500} data-testid="faq-question" />
          </Form.Item>
          <Form.Item name="answer" label={t.kb.fieldAnswer} rules={[{ required: true, whitespace: true, message: t.cm.required }]}>
            <Input.TextArea autoSize={{ minRows: 4, maxRows: 14 }} maxLength={5000} showCount data-testid="faq-answer" />
          </Form.Item>
          <Form.Item name="similar" label={t.kb.fieldSimilar} extra={t.kb.fieldSimilarHint}>
            <Select mode="tags" open={false} suffixIcon={null} tokenSeparators={['|']} data-testid="faq-similar" />
          </Form.Item>
          <Form.Item name="tags" label={t.kb.fieldTags}>
            <Select mode="tags" options={tags.map((tag) => ({ value: tag, label: tag }))} data-testid="faq-tags" />
          </Form.Item>
        </Form>
        {problems.length > 0 && <Alert type="error" showIcon title={t.cm.problems} description={<ProblemList problems={problems} />} data-testid="faq-problems" />}
      </Spin>
    </Drawer>
  );
}

