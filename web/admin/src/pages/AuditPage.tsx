// The audit log: who changed what in the shop console and when, newest first, paged on the server.
import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useEffect, useState, type HTMLAttributes } from 'react';
import type { AuditEntry, AuditList } from '../../../../src/contracts/admin.js';
import { useConsole } from '../console/context.js';
import { localTime } from '../console/time.js';
import { useStrings } from '../i18n.js';

const PAGE_SIZE = 50;

export default function AuditPage() {
  const t = useStrings();
  const { api, fail } = useConsole();
  const [page, setPage] = useState(1);
  const [list, setList] = useState<AuditList | null>(null);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api.audit({ offset: (page - 1) * PAGE_SIZE, limit: PAGE_SIZE }).then(
      (r) => current && setList(r),
      (e: unknown) => current && fail(e),
    ).finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, fail, page]);

  const columns: ColumnsType<AuditEntry> = [
    { title: t.aud.colAt, dataIndex: 'at', width: 180, render: (at: string) => localTime(at) },
    { title: t.aud.colStaff, dataIndex: 'staff', width: 140, render: (s: string | null) => s ?? '—' },
    { title: t.aud.colAction, dataIndex: 'action', width: 160, render: (a: string) => t.aud.actions[a] ?? a },
    { title: t.aud.colTarget, dataIndex: 'target', width: 200 },
    { title: t.aud.colSummary, dataIndex: 'summary' },
  ];
  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4}>{t.aud.title}</Typography.Title>
      </div>
      <Table<AuditEntry>
        size="small"
        rowKey="id"
        loading={loading}
        columns={columns}
        dataSource={list?.entries ?? []}
        onRow={() => ({ 'data-testid': 'audit-row' }) as HTMLAttributes<HTMLTableRowElement>}
        pagination={{ current: page, pageSize: PAGE_SIZE, total: list?.total ?? 0, showSizeChanger: false, showTotal: t.cm.total, onChange: setPage }}
      />
    </div>
  );
}
