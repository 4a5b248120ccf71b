// Adding a member of the team, or changing one: role, groups, capacity and display name. A change
// sends only the fields that differ, so two admins editing different fields do not undo each other.
import { Form, Input, InputNumber, Modal, Select } from 'antd';
import { useEffect, useState } from 'react';
import type { NewStaffBody, StaffAdminDto, StaffList, StaffPatch } from '../../../../src/contracts/admin.js';
import { useConsole } from '../console/context.js';
import { useStrings } from '../i18n.js';
import { staffChanges } from './staff-changes.js';

export type StaffTarget = { kind: 'new' } | { kind: 'edit'; member: StaffAdminDto };

interface StaffForm {
  username: string;
  displayName: string;
  role: 'admin' | 'agent';
  groups: string[];
  capacity: number | null;
  password: string;
}

export function StaffDialog({ target, groups, onClose, onSaved }: { target: StaffTarget | null; groups: StaffList['groups']; onClose: () => void; onSaved: () => void }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const [form] = Form.useForm<StaffForm>();
  const [saving, setSaving] = useState(false);
  const member = target?.kind === 'edit' ? target.member : null;

  useEffect(() => {
    if (!target) return;
    form.setFieldsValue(member ? { ...member, password: '' } : { username: '', displayName: '', role: 'agent', groups: [], capacity: null, password: '' });
  }, [target, member, form]);

  const save = async (v: StaffForm) => {
    setSaving(true);
    try {
      if (member) {
        const patch: StaffPatch = staffChanges(member, v);
        if (Object.keys(patch).length > 0) await api.staffPatch(member.id, patch);
      } else {
        const body: NewStaffBody = {
          username: v.username.trim(),
          role: v.role,
          groups: v.groups ?? [],
          password: v.password,
          ...(v.displayName?.trim() ? { displayName: v.displayName.trim() } : {}),
          ...(v.capacity ? { capacity: v.capacity } : {}),
        };
        await api.staffCreate(body);
      }
      onSaved();
    } catch (e) {
      fail(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={target !== null}
      title={member ? t.team.editTitle(member.username) : t.team.newTitle}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t.cm.save}
      cancelText={t.cm.cancel}
      confirmLoading={saving}
      forceRender
    >
      <Form<StaffForm> form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false} data-testid="staff-form">
        <Form.Item name="username" label={t.team.colUsername} rules={[{ required: true, whitespace: true, message: t.cm.required }, { max: 64 }]}>
          <Input disabled={member !== null} autoComplete="off" data-testid="staff-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t.team.colName} rules={member ? [{ required: true, whitespace: true, message: t.cm.required }] : []}>
          <Input maxLength={64} data-testid="staff-display-name" />
        </Form.Item>
        <Form.Item name="role" label={t.team.colRole}>
          <Select
            options={(['agent', 'admin'] as const).map((r) => ({ value: r, label: t.team.roles[r] }))}
            data-testid="staff-role"
          />
        </Form.Item>
        <Form.Item name="groups" label={t.team.colGroups}>
          <Select mode="multiple" options={groups.map((g) => ({ value: g.id, label: g.name }))} data-testid="staff-groups" />
        </Form.Item>
        <Form.Item name="capacity" label={t.team.colCapacity} extra={t.team.capacityHint}>
          <InputNumber min={1} max={50} precision={0} data-testid="staff-capacity" />
        </Form.Item>
        {!member && (
          <Form.Item name="password" label={t.team.password} rules={[{ required: true, message: t.cm.required }]}>
            <Input.Password autoComplete="new-password" maxLength={256} data-testid="staff-password" />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
