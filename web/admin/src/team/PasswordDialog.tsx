// Setting a new password for a member of the team (who forgot theirs, or left).
import { App, Form, Input, Modal } from 'antd';
import { useState } from 'react';
import type { StaffAdminDto } from '../../../../src/contracts/admin.js';
import { useConsole } from '../console/context.js';
import { useStrings } from '../i18n.js';

export function PasswordDialog({ member, onClose }: { member: StaffAdminDto | null; onClose: () => void }) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ password: string }>();
  const [saving, setSaving] = useState(false);

  const save = async ({ password }: { password: string }) => {
    if (!member) return;
    setSaving(true);
    try {
      await api.staffPassword(member.id, password);
      void message.success(t.team.passwordReset);
      onClose();
    } catch (e) {
      fail(e);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open={member !== null}
      title={member ? t.team.resetTitle(member.username) : ''}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t.cm.save}
      cancelText={t.cm.cancel}
      confirmLoading={saving}
      forceRender
    >
      <Form form={form} layout="vertical" onFinish={(v) => void save(v)} requiredMark={false}>
        <Form.Item name="password" label={t.team.newPassword} rules={[{ required: true, message: t.cm.required }]}>
          <Input.Password autoComplete="new-password" maxLength={256} data-testid="password-new" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
