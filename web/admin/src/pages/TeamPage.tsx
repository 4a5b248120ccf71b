// The team: members with their role, groups and capacity; adding, changing, disabling and
// resetting a password. Staff records carry no version, so each change is a PATCH of its fields.
import { Button, Space, Switch, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table/index.js';
import { useCallback, useEffect, useState, type HTMLAttributes } from 'react';
import type { StaffAdminDto, StaffList } from '../../../../src/contracts/admin.js';
import { useConsole } from '../console/context.js';
import { useStrings } from '../i18n.js';
import { PasswordDialog } from '../team/PasswordDialog.js';
import { StaffDialog, type StaffTarget } from '../team/StaffDialog.js';

export default function TeamPage() {
  const t = useStrings();
  const { api, fail, staff: me } = useConsole();
  const [list, setList] = useState<StaffList | null>(null);
  const [loading, setLoading] = useState(false);
  const [reloads, setReloads] = useState(0);
  const [editing, setEditing] = useState<StaffTarget | null>(null);
  const [resetting, setResetting] = useState<StaffAdminDto | null>(null);
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api.staff().then(
      (r) => current && setList(r),
      (e: unknown) => current && fail(e),
    ).finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
  }, [api, fail, reloads]);

  const setDisabled = async (m: StaffAdminDto, disabled: boolean) => {
    try {
      await api.staffPatch(m.id, { disabled });
    } catch (e) {
      fail(e);
    }
    reload();
  };

  const groupName = (id: string) => list?.groups.find((g) => g.id === id)?.name ?? id;
  const columns: ColumnsType<StaffAdminDto> = [
    { title: t.team.colUsername, dataIndex: 'username', width: 140 },
    { title: t.team.colName, dataIndex: 'displayName', width: 160 },
    { title: t.team.colRole, dataIndex: 'role', width: 100, render: (r: StaffAdminDto['role']) => <Tag color={r === 'admin' ? 'gold' : 'blue'}>{t.team.roles[r]}</Tag> },
    { title: t.team.colGroups, dataIndex: 'groups', render: (gs: string[]) => gs.map((g) => <Tag key={g}>{groupName(g)}</Tag>) },
    { title: t.team.colCapacity, dataIndex: 'capacity', width: 100, align: 'right', render: (c: number | null) => c ?? '—' },
    {
      title: t.team.colEnabled,
      dataIndex: 'disabled',
      width: 100,
      render: (disabled: boolean, m) => (
        <Switch
          size="small"
          checked={!disabled}
          // Nobody locks themselves out from here.
          disabled={m.id === me.id}
          onChange={(on) => void setDisabled(m, !on)}
          aria-label={disabled ? t.team.enabledOff : t.team.enabledOn}
          data-testid="staff-enabled"
        />
      ),
    },
    {
      title: t.cm.actions,
      key: 'actions',
      width: 180,
      render: (_, m) => (
        <Space size={4}>
          <Button type="link" size="small" onClick={() => setEditing({ kind: 'edit', member: m })} data-testid="staff-edit">
            {t.cm.edit}
          </Button>
          <Button type="link" size="small" onClick={() => setResetting(m)} data-testid="staff-reset-password">
            {t.team.resetPassword}
          </Button>
        </Space>
      ),
    },
  ];

  return (
    <div className="page">
      <div className="page-head">
        <Typography.Title level={4}>{t.team.title}</Typography.Title>
      </div>
      <div className="toolbar">
        <span />
        <Button type="primary" onClick={() => setEditing({ kind: 'new' })} data-testid="staff-new">
          {t.team.newMember}
        </Button>
      </div>
      <Table<StaffAdminDto>
        size="small"
        rowKey="id"
        loading={loading}
        pagination={false}
        columns={columns}
        dataSource={list?.staff ?? []}
        onRow={(m) => ({ 'data-testid': 'staff-row', 'data-username': m.username }) as HTMLAttributes<HTMLTableRowElement>}
      />
      <StaffDialog
        target={editing}
        groups={list?.groups ?? []}
        onClose={() => setEditing(null)}
        onSaved={() => {
          setEditing(null);
          reload();
        }}
      />
      <PasswordDialog member={resetting} onClose={() => setResetting(null)} />
    </div>
  );
}
