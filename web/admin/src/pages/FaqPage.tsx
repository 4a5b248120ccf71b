// The knowledge base: entries searched and paged on the server, edited in a drawer, deleted with the
// version they were loaded at, imported from a file and exported as CSV. The address keeps the open
// entry (?id=) or a knowledge gap's question (?draft=) so a reload reopens the editor.
import { Button, Input, Popconfirm, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { lazy, Suspense, useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import type { FaqEntryDto, FaqList } from '../../../../src/contracts/admin.js';
import { saveChecked } from '../console/conflict.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { navigate, type PageProps } from '../console/routes.js';
import { StatusTag } from '../console/StatusTag.js';
import { localTime } from '../console/time.js';
import { useConflictNotice } from '../console/use-conflict-notice.js';
import { FaqEditor, type FaqTarget } from '../faq/FaqEditor.js';
import { useStrings } from '../i18n.js';

const PAGE_SIZE = 20;
/** The import dialog (antd's upload and progress) comes the first time it is opened. */
const FaqImport = lazy(() => import('../faq/FaqImport.js'));

export default function FaqPage({ params }: PageProps) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const notifyConflict = useConflictNotice();
  const [q, setQ] = useState('');
  const [tag, setTag] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [list, setList] = useState<FaqList | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [importing, setImporting] = useState(false);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api.faqList({ q: q || undefined, tag, offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (r) => current && setList(r),
      (e: unknown) => current && fail(e),
    ).finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, fail, q, tag, page, reloads]);

  const target: FaqTarget | null = params.id ? { kind: 'edit', id: params.id } : params.draft !== undefined ? { kind: 'new', question: params.draft } : params.new ? { kind: 'new' } : null;
  const closeEditor = () => navigate('faq', {}, { replace: true });

  const remove = async (entry: FaqEntryDto) => {
    try {
      const r = await saveChecked(
        async () => {
          await api.faqDelete(entry.id, entry.version);
          return null;
        },
        () => api.faqGet(entry.id),
      );
      if (r.kind === 'conflict' && r.item) notifyConflict(r.item);
      void draftStore.refresh();
    } catch (e) {
      fail(e);
    }
    reload();
  };

  const columns: ColumnsType<FaqEntryDto> = [
    { title: t.kb.colId, dataIndex: 'id', width: 140 },
    { title: t.kb.colQuestion, dataIndex: 'question', ellipsis: true },
    { title: t.kb.colTags, dataIndex: 'tags', width: 200, render: (tags: string[]) => tags.map((x) => <Tag key={x}>{x}</Tag>) },
    { title: t.cm.colStatus, dataIndex: 'status', width: 100, render: (s: FaqEntryDto['status']) => <StatusTag status={s} /> },
    { title: t.cm.colUpdated, key: 'updated', width: 220, render: (_, e) => <Typography.Text type="secondary">{t.cm.updatedBy(e.updatedBy, localTime(e.updatedAt))}</Typography.Text> },
    {
      title: t.cm.actions,
      key: 'actions',
      width: 140,
      render: (_, e) => (
        <Space size={4}>
          <Button type="link" size="small" onClick={() => navigate('faq', { id: e.id })} data-testid="faq-edit">
            {t.cm.edit}
          </Button>
          <Popconfirm title={t.cm.deleteConfirm} onConfirm={() => remove(e)} okButtonProps={{ danger: true }}>
            <Button type="link" size="small" danger data-testid="faq-delete">
              {t.cm.delete}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4}>{t.kb.title}</Typography.Title>
        <Typography.Text type="secondary">{t.cm.draftNote}</Typography.Text>
      </div>
      <div className="toolbar">
        <Space wrap>
          <Input.Search
            allowClear
            placeholder={t.kb.searchPlaceholder}
            onSearch={(v) => {
              setPage(1);
              setQ(v.trim());
            }}
            className="search"
            data-testid="faq-search"
          />
          <Select
            allowClear
            placeholder={t.kb.allTags}
            value={tag}
            onChange={(v: string | undefined) => {
              setPage(1);
              setTag(v);
            }}
            options={(list?.tags ?? []).map((x) => ({ value: x, label: x }))}
            className="tag-filter"
            data-testid="faq-tag-filter"
          />
        </Space>
        <Space wrap>
          <Button href={api.faqCsvUrl} download data-testid="faq-export">
            {t.cm.exportCsv}
          </Button>
          <Button onClick={() => setImporting(true)} data-testid="faq-import">
            {t.kb.import}
          </Button>
          <Button type="primary" onClick={() => navigate('faq', { new: '1' })} data-testid="faq-new">
            {t.kb.newEntry}
          </Button>
        </Space>
      </div>
      <Table<FaqEntryDto>
        size="small"
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={list?.items ?? []}
        onRow={(e) => ({ 'data-testid': 'faq-row', 'data-id': e.id }) as HTMLAttributes<HTMLTableRowElement>}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list?.total ?? 0, showSizeChanger: false, showTotal: t.cm.total, onChange: setPage }}
      />
      <FaqEditor
        target={target}
        tags={list?.tags ?? []}
        onClose={closeEditor}
        onSaved={() => {
          closeEditor();
          reload();
        }}
      />
      {importing && (
        <Suspense fallback={null}>
          <FaqImport open onClose={() => setImporting(false)} onImported={reload} />
        </Suspense>
      )}
    </div>
  );
}
