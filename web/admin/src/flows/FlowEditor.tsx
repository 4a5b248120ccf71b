// One flow's YAML in the editor: checked on the server as you type (problems at their lines, the
// diagram when valid), saved with the version it was loaded at, and tried in the simulator. A save
// is not offered while the check finds problems, and a refused save shows the server's problems.
import { Alert, App, Button, Card, Col, Popconfirm, Row, Space, Spin, Tabs, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { FlowCheck, FlowDto, YamlProblem } from '../../../../src/contracts/admin.js';
import { ApiError } from '../../../shared/api.js';
import { isEditConflict, NEW_ITEM, saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { StatusTag } from '../console/StatusTag.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { useStrings } from '../i18n.js';
import YamlEditor, { type YamlEditorHandle } from '../yaml/YamlEditor.js';
import { FlowDiagram } from './FlowDiagram.js';
import { newFlowYaml } from './new-flow.js';
import { parseProblemLine } from './problems.js';
import { ProblemsList } from './ProblemsList.js';
import { Simulator } from './Simulator.js';
import { VersionStamp } from '../console/VersionStamp.js';
import { RestoreMine } from '../console/RestoreMine.js';

export function FlowEditor({ id, isNew, schema, onSaved, onDeleted }: { id: string; isNew: boolean; schema: unknown; onSaved: (flow: FlowDto) => void; onDeleted: () => void }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const { message } = App.useApp();
  const notifyConflict = useConflictNotice();
  const editor = useRef<YamlEditorHandle>(null);
  const [flow, setFlow] = useState<FlowDto | null>(null);
  const [text, setText] = useState(isNew ? newFlowYaml(id) : '');
  const textRef = useRef(text);
  textRef.current = text;
  const [loading, setLoading] = useState(!isNew);
  const [check, setCheck] = useState<FlowCheck | null>(null);
  /** The last diagram drawn: kept (faded) while the text does not check, so it does not blink away at every keystroke. */
  const [diagram, setDiagram] = useState<FlowCheck['diagram']>(null);
  const [checking, setChecking] = useState(false);
  const [refused, setRefused] = useState<YamlProblem[] | null>(null);
  const [saving, setSaving] = useState(false);
  /** The user's text a conflict replaced, until they restore it or save. */
  const [mine, setMine] = useState<string | null>(null);

  useEffect(() => {
    if (isNew) return;
    let current = true;
    api.flowGet(id).then(
      (f) => {
        if (!current) return;
        setFlow(f);
        setText(f.yaml);
        setLoading(false);
      },
      (e: unknown) => {
        if (current) fail(e);
      },
    );
    return () => {
      current = false;
    };
  }, [api, fail, id, isNew]);

  const validate = useCallback(
    async (doc: string) => {
      setChecking(true);
      try {
        const c = await api.flowValidate(doc);
        // An answer for text since typed over is dropped: the next check is on its way.
        if (doc === textRef.current) {
          setCheck(c);
          setRefused(null);
          if (c.diagram) setDiagram(c.diagram);
        }
        return c.problems;
      } catch (e) {
        if (e instanceof ApiError && e.status === 401) fail(e);
        return [];
      } finally {
        setChecking(false);
      }
    },
    [api, fail],
  );

  const save = async () => {
    setSaving(true);
    try {
      if (!flow) {
        // Created only if no flow has the id yet: a PUT without If-Match would replace it.
        try {
          const created = await api.flowPut(id, text, NEW_ITEM);
          setFlow(created);
          setText(created.yaml);
          void message.success(t.cm.saved);
          void draftStore.refresh();
          onSaved(created);
        } catch (e) {
          if (!isEditConflict(e)) throw e;
          void message.error(t.sop.idTaken(id));
        }
        return;
      }
      const r = await saveChecked(
        () => api.flowPut(id, text, flow.version),
        () => api.flowGet(id),
      );
      if (r.kind === 'conflict') {
        setMine(text);
        notifyConflict(r.item);
      } else {
        setMine(null);
        void message.success(t.cm.saved);
        void draftStore.refresh();
        onSaved(r.item);
      }
      setFlow(r.item);
      setText(r.item.yaml);
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setRefused(e.details.length ? e.details.map(parseProblemLine) : [{ line: null, column: null, path: '', message: e.message }]);
      else fail(e);
    } finally {
      setSaving(false);
    }
  };

  const remove = async () => {
    if (!flow) return;
    try {
      const r = await saveChecked(
        async () => {
          await api.flowDelete(id, flow.version);
          return null;
        },
        () => api.flowGet(id),
      );
      if (r.kind === 'conflict' && r.item) {
        setFlow(r.item);
        setText(r.item.yaml);
        notifyConflict(r.item);
        return;
      }
      void message.success(t.cm.deleted);
      void draftStore.refresh();
      onDeleted();
    } catch (e) {
      fail(e);
    }
  };

  const problems = refused ?? check?.problems ?? [];
  const dirty = flow ? text !== flow.yaml : true;
  const invalid = problems.length > 0;
  return (
    <Card
      className="flow-card"
      title={
        <Space>
          <Typography.Text strong>{id}</Typography.Text>
          {flow && <StatusTag status={flow.status} />}
          {flow && <VersionStamp item={flow} className="flow-version" />}
        </Space>
      }
      extra={
        <Space>
          <span data-testid="flow-validity" data-state={checking ? 'checking' : check ? (invalid ? 'invalid' : 'valid') : 'unknown'}>
            {checking ? <Tag>{t.sop.checking}</Tag> : check && (invalid ? <Tag color="red">{t.sop.invalid(problems.length)}</Tag> : <Tag color="green">{t.sop.valid}</Tag>)}
          </span>
          {flow && (
            <Popconfirm title={t.sop.deleteConfirm(id)} onConfirm={() => void remove()} okButtonProps={{ danger: true }}>
              <Button danger data-testid="flow-delete">
                {t.cm.delete}
              </Button>
            </Popconfirm>
          )}
          <Button type="primary" loading={saving} disabled={loading || !dirty || invalid || checking} onClick={() => void save()} data-testid="flow-save">
            {t.cm.save}
          </Button>
        </Space>
      }
    >
      <Spin spinning={loading}>
        {mine !== null && <RestoreMine onRestore={() => setText(mine)} testId="flow-restore-mine" />}
        {refused && <Alert type="error" showIcon title={t.sop.saveRefused} className="editor-note" data-testid="flow-save-refused" />}
        <Row gutter={16}>
          <Col xs={24} xl={12}>
            <YamlEditor value={text} onChange={setText} schema={schema} validate={validate} problems={refused} height={520} testId="flow-editor" handle={editor} />
            <ProblemsList problems={problems} onPick={(p) => editor.current?.goTo(p.line ?? 1, p.column ?? 1)} />
          </Col>
          <Col xs={24} xl={12}>
            <Tabs
              items={[
                {
                  key: 'diagram',
                  label: t.sop.tabDiagram,
                  children: diagram ? <FlowDiagram diagram={diagram} stale={!check?.diagram} /> : <Typography.Text type="secondary">{t.sop.noDiagram}</Typography.Text>,
                },
                { key: 'simulator', label: t.sop.tabSimulator, children: <Simulator unsaved={dirty} /> },
              ]}
            />
          </Col>
        </Row>
      </Spin>
    </Card>
  );
}
