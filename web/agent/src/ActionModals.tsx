// The two actions that need more than a click: transfer (to an agent or a group's queue) and an internal note.
import { Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import type { TransferTarget } from './api.js';
import { useStrings } from './i18n.js';

/** A data-testid for props objects (JSX attributes accept it directly, object literals do not). */
const testId = (id: string): Record<'data-testid', string> => ({ 'data-testid': id });

/** The contract's id rule for agent ids and groups. */
const ID_PATTERN = /^[\w.:-]+$/;

interface ModalProps<T> {
  open: boolean;
  onClose: () => void;
  /** Resolves true when done; the modal then closes, otherwise it stays open with what was typed. */
  onSubmit: (value: T) => Promise<boolean>;
}

export function TransferModal({ open, onClose, onSubmit, groups }: ModalProps<TransferTarget> & { groups: string[] }) {
  const t = useStrings();
  const [form] = Form.useForm<{ kind: 'agent' | 'group'; target: string }>();
  const [busy, setBusy] = useState(false);
  const kind = Form.useWatch('kind', form);

  const ok = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    const target = v.target.trim();
    const done = await onSubmit(v.kind === 'agent' ? { agentId: target } : { group: target });
    setBusy(false);
    if (done) onClose();
  };

  return (
    <Modal
      open={open}
      title={t.transferTitle}
      onOk={ok}
      onCancel={onClose}
      okText={t.ok}
      cancelText={t.cancel}
      confirmLoading={busy}
      okButtonProps={{ ...testId('transfer-submit') }}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" initialValues={{ kind: 'agent', target: '' }} preserve={false}>
        <Form.Item name="kind">
          <Radio.Group>
            <Radio value="agent" data-testid="transfer-kind-agent">
              {t.transferToAgent}
            </Radio>
            <Radio value="group" data-testid="transfer-kind-group">
              {t.transferToGroup}
            </Radio>
          </Radio.Group>
        </Form.Item>
        <Form.Item
          name="target"
          label={kind === 'group' ? t.group : t.agentId}
          rules={[
            { required: true, whitespace: true, message: t.required },
            { pattern: ID_PATTERN, message: t.idFormat },
          ]}
          extra={kind === 'group' && groups.length ? groups.join(' · ') : undefined}
        >
          <Input data-testid="transfer-target" maxLength={64} autoFocus />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function NoteModal({ open, onClose, onSubmit }: ModalProps<string>) {
  const t = useStrings();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);

  const ok = async () => {
    if (!text.trim()) return;
    setBusy(true);
    const done = await onSubmit(text.trim());
    setBusy(false);
    if (done) {
      setText('');
      onClose();
    }
  };

  return (
    <Modal
      open={open}
      title={t.noteTitle}
      onOk={ok}
      onCancel={onClose}
      okText={t.ok}
      cancelText={t.cancel}
      confirmLoading={busy}
      okButtonProps={{ disabled: !text.trim(), ...testId('note-submit') }}
    >
      <Input.TextArea data-testid="note-input" value={text} onChange={(e) => setText(e.target.value)} placeholder={t.notePlaceholder} autoSize={{ minRows: 3, maxRows: 8 }} maxLength={4000} autoFocus />
    </Modal>
  );
}
