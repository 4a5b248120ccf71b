// The shop's attribute declarations (孕妇可用, 功率, 保质期 …) in an editable table: name,
// aliases, question words, kind, and what the kind needs (unit, separator, levels). The whole
// table is saved at once with the version it was loaded at.
import { Alert, Button, Input, Select, Space, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useEffect, useState, type HTMLAttributes } from 'react';
import type { AttributesDto } from '../../../../src/contracts/admin.js';
import { ApiError } from '../../../shared/api.js';
import { saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { ProblemList } from '../console/ProblemList.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { useStrings } from '../i18n.js';
import { badRows, emptyRow, fromRows, toRows, type AttributeKind, type AttributeRow } from './attribute-rows.js';
import { VersionStamp } from '../console/VersionStamp.js';

const KINDS: AttributeKind[] = ['text', 'number', 'scale', 'list'];

export function AttributesEditor({ onNames }: { onNames?: (names: string[]) => void }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const notifyConflict = useConflictNotice();
  const [loaded, setLoaded] = useState<AttributesDto | null>(null);
  const [rows, setRows] = useState<AttributeRow[]>([]);
  const [saving, setSaving] = useState(false);
  const [problems, setProblems] = useState<readonly string[]>([]);

  const show = (a: AttributesDto) => {
    setLoaded(a);
    setRows(toRows(a.attributes));
    onNames?.(a.attributes.map((x) => x.name));
  };

  useEffect(() => {
    let current = true;
    api.attributes().then(
      (a) => current && show(a),
      (e: unknown) => current && fail(e),
    );
    return () => {
      current = false;
    };
    // `show` only sets state; loading again when it changes would loop.
  }, [api, fail]);

  const edit = (key: string, patch: Partial<AttributeRow>) => setRows((rs) => rs.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const bad = badRows(rows);

  const save = async () => {
    if (!loaded || bad.length) return;
    setSaving(true);
    setProblems([]);
    try {
      const r = await saveChecked(
        () => api.attributesPut(fromRows(rows), loaded.version),
        () => api.attributes(),
      );
      show(r.item);
      if (r.kind === 'conflict') notifyConflict(r.item);
      else void draftStore.refresh();
    } catch (e) {
      if (e instanceof ApiError && e.status === 400) setProblems(e.lines);
      else fail(e);
    } finally {
      setSaving(false);
    }
  };

  const tags = (value: string[], onChange: (v: string[]) => void, testId?: string) => <Select mode="tags" open={false} suffixIcon={null} value={value} onChange={onChange} className="cell-tags" data-testid={testId} />;
  const columns: ColumnsType<AttributeRow> = [
    { title: t.cat.attrName, key: 'name', width: 150, render: (_, r, i) => <Input value={r.name} status={bad.includes(i + 1) ? 'error' : ''} maxLength={50} onChange={(e) => edit(r.key, { name: e.target.value })} data-testid="attr-name" /> },
    { title: t.cat.attrAliases, key: 'aliases', width: 200, render: (_, r) => tags(r.aliases, (v) => edit(r.key, { aliases: v })) },
    { title: t.cat.attrQuestions, key: 'questions', width: 200, render: (_, r) => tags(r.questions, (v) => edit(r.key, { questions: v })) },
    {
      title: t.cat.attrKind,
      key: 'kind',
      width: 110,
      render: (_, r) => <Select value={r.kind} onChange={(kind: AttributeKind) => edit(r.key, { kind })} options={KINDS.map((k) => ({ value: k, label: t.cat.kinds[k] }))} className="cell-kind" data-testid="attr-kind" />,
    },
    {
      title: `${t.cat.attrUnit} / ${t.cat.attrSeparator} / ${t.cat.attrLevels}`,
      key: 'detail',
      render: (_, r) =>
        r.kind === 'number' ? (
          <Input value={r.unit} maxLength={20} placeholder={t.cat.attrUnit} onChange={(e) => edit(r.key, { unit: e.target.value })} className="cell-short" />
        ) : r.kind === 'list' ? (
          <Input value={r.separator} maxLength={5} placeholder={t.cat.attrSeparator} onChange={(e) => edit(r.key, { separator: e.target.value })} className="cell-short" />
        ) : r.kind === 'scale' ? (
          <Space orientation="vertical" size={4} className="levels">
            {(['yes', 'caution', 'no'] as const).map((level) => (
              <Space key={level} size={4}>
                <Typography.Text type="secondary" className="level-label">
                  {level === 'yes' ? t.cat.levelYes : level === 'caution' ? t.cat.levelCaution : t.cat.levelNo}
                </Typography.Text>
                {tags(r[level], (v) => edit(r.key, { [level]: v }))}
              </Space>
            ))}
          </Space>
        ) : null,
    },
    {
      title: '',
      key: 'remove',
      width: 70,
      render: (_, r) => (
        <Button type="link" danger size="small" onClick={() => setRows((rs) => rs.filter((x) => x.key !== r.key))}>
          {t.cm.delete}
        </Button>
      ),
    },
  ];

  return (
    <Spin spinning={!loaded}>
      <div className="toolbar">
        <Typography.Text type="secondary">{t.cat.attrHint}</Typography.Text>
        <Space>
          {loaded && <VersionStamp item={loaded} testId="attributes-version" />}
          <Button onClick={() => setRows((rs) => [...rs, emptyRow()])} data-testid="attr-add">
            {t.cat.addAttribute}
          </Button>
          <Button type="primary" loading={saving} disabled={!loaded || bad.length > 0} onClick={() => void save()} data-testid="attributes-save">
            {t.cm.save}
          </Button>
        </Space>
      </div>
      {problems.length > 0 && <Alert type="error" showIcon title={t.cm.problems} description={<ProblemList problems={problems} testId="attributes-problems" />} className="editor-note" />}
      <Table<AttributeRow>
        size="small"
        rowKey="key"
        pagination={false}
        columns={columns}
        dataSource={rows}
        onRow={(r) => ({ 'data-testid': 'attr-row', 'data-name': r.name }) as HTMLAttributes<HTMLTableRowElement>}
      />
    </Spin>
  );
}
