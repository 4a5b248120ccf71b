// The shop's releases, newest first: which is live, who published it, how many open conversations
// still run on it; the changes of each against the live one, and rolling back to an older one.
import { App, Button, Modal, Space, Spin, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useState, type HTMLAttributes } from 'react';
import type { Changes, ReleaseDto } from '../../../../src/contracts/admin.js';
import { useConsole } from '../console/context.js';
import { draftStore } from '../console/draft-store.js';
import { localTime } from '../console/time.js';
import { useStrings } from '../i18n.js';
import { ChangesView } from './ChangesView.js';

export function Releases({ releases, loading, onChanged }: { releases: ReleaseDto[]; loading: boolean; onChanged: () => void }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const { modal, message } = App.useApp();
  const [diff, setDiff] = useState<{ id: string; against: string | null; changes: Changes | null } | null>(null);
  const live = releases.find((r) => r.current)?.id ?? null;

  const showDiff = async (r: ReleaseDto) => {
    // Against the live release: what rolling back to this one would change. The live one against its predecessor (the server's default).
    const against = r.current ? null : live;
    setDiff({ id: r.id, against, changes: null });
    try {
      const changes = await api.releaseDiff(r.id, against ?? undefined);
      setDiff({ id: r.id, against, changes });
    } catch (e) {
      setDiff(null);
      fail(e);
    }
  };

  const rollback = (r: ReleaseDto) =>
    void modal.confirm({
      title: t.pub.rollbackTitle(r.id),
      content: t.pub.rollbackText,
      okText: t.pub.rollback,
      okButtonProps: { danger: true },
      cancelText: t.cm.cancel,
      onOk: async () => {
        try {
          const done = await api.rollback(r.id);
          void message.success(t.pub.rolledBack(done.releaseId));
          void draftStore.refresh();
          onChanged();
        } catch (e) {
          fail(e);
        }
      },
    });

  const columns: ColumnsType<ReleaseDto> = [
    {
      title: t.pub.colRelease,
      dataIndex: 'id',
      render: (id: string, r) => (
        <Space>
          <Typography.Text code>{id}</Typography.Text>
          {r.current && <Tag color="green">{t.pub.current}</Tag>}
        </Space>
      ),
    },
    { title: t.pub.colCreated, dataIndex: 'createdAt', width: 180, render: (at: string) => localTime(at) },
    { title: t.pub.colBy, dataIndex: 'publishedBy', width: 140, render: (by: string | null) => by ?? '—' },
    {
      title: (
        <Tooltip title={t.pub.colOpenHint}>
          <span className="with-hint">{t.pub.colOpen}</span>
        </Tooltip>
      ),
      dataIndex: 'openConversations',
      width: 120,
      align: 'right',
    },
    {
      title: t.cm.actions,
      key: 'actions',
      width: 220,
      render: (_, r) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => void showDiff(r)} data-testid="release-diff">
            {t.pub.diff}
          </Button>
          <Button size="small" type="link" danger disabled={r.current} onClick={() => rollback(r)} data-testid="release-rollback">
            {t.pub.rollback}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <>
      <Table<ReleaseDto>
        size="small"
        rowKey="id"
        loading={loading}
        pagination={false}
        columns={columns}
        dataSource={releases}
        onRow={(r) => ({ 'data-testid': 'release-row', 'data-release': r.id, 'data-current': r.current }) as HTMLAttributes<HTMLTableRowElement>}
      />
      <Modal open={diff !== null} onCancel={() => setDiff(null)} footer={null} width={720} title={diff ? t.pub.diffTitle(diff.id, diff.against) : ''} destroyOnHidden>
        {diff?.changes ? <ChangesView changes={diff.changes} testId="release-changes" /> : <Spin />}
      </Modal>
    </>
  );
}
