// The shop's SOP flows: the list on the left, the open flow's editor on the right. The open flow
// (?id=) or the new one being written (?new=) is kept in the address.
import { Button, Card, Empty, Form, Input, List, Modal, Typography } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { FlowList } from '../../../../src/contracts/admin.js';
import { useConsole } from '../console/context.js';
import { navigate, type PageProps } from '../console/routes.js';
import { StatusTag } from '../console/StatusTag.js';
import { FlowEditor } from '../flows/FlowEditor.js';
import { FLOW_ID } from '../flows/new-flow.js';
import { useStrings } from '../i18n.js';

export default function FlowsPage({ params }: PageProps) {
  const t = useStrings();
  const { api, fail } = useConsole();
  const [list, setList] = useState<FlowList | null>(null);
  const [schema, setSchema] = useState<unknown>(undefined);
  const [reloads, setReloads] = useState(0);
  const [asking, setAsking] = useState(false);
  const [form] = Form.useForm<{ id: string }>();
  const reload = useCallback(() => setReloads((n) => n + 1), []);

  useEffect(() => {
    let current = true;
    api.flows().then(
      (r) => current && setList(r),
      (e: unknown) => current && fail(e),
    );
    return () => {
      current = false;
    };
  }, [api, fail, reloads]);

  useEffect(() => {
    // Completion only: the editor works without it.
    api.sopSchema().then(setSchema, () => undefined);
  }, [api]);

  const open = params.new ?? params.id ?? null;
  return (
    <div className="page page-wide">
      <div className="page-head">
        <Typography.Title level={4}>{t.sop.title}</Typography.Title>
        <Typography.Text type="secondary">{t.cm.draftNote}</Typography.Text>
      </div>
      <div className="flows">
        <Card
          size="small"
          className="flow-list"
          title={t.sop.title}
          extra={
            <Button size="small" type="primary" onClick={() => setAsking(true)} data-testid="flow-new">
              {t.sop.newFlow}
            </Button>
          }
        >
          <List
            size="small"
            loading={list === null}
            dataSource={list?.flows ?? []}
            renderItem={(f) => (
              <List.Item
                className={f.id === open ? 'flow-item flow-item-open' : 'flow-item'}
                onClick={() => navigate('flows', { id: f.id })}
                data-testid="flow-item"
                data-id={f.id}
                extra={<StatusTag status={f.status} />}
              >
                <List.Item.Meta title={f.id} description={f.name} />
              </List.Item>
            )}
          />
        </Card>
        <div className="flow-main">
          {open ? (
            <FlowEditor
              key={`${params.new ? 'new' : 'id'}:${open}`}
              id={open}
              isNew={params.new !== undefined}
              schema={schema}
              onSaved={(f) => {
                reload();
                if (params.new) navigate('flows', { id: f.id }, { replace: true });
              }}
              onDeleted={() => {
                reload();
                navigate('flows', {}, { replace: true });
              }}
            />
          ) : (
            <Card>
              <Empty description={t.sop.pickFlow} />
            </Card>
          )}
        </div>
      </div>
      <Modal
        open={asking}
        title={t.sop.newFlow}
        onCancel={() => setAsking(false)}
        onOk={() => form.submit()}
        okText={t.cm.create}
        cancelText={t.cm.cancel}
        forceRender
      >
        <Form
          form={form}
          layout="vertical"
          requiredMark={false}
          onFinish={({ id }) => {
            setAsking(false);
            form.resetFields();
            navigate('flows', { new: id });
          }}
        >
          <Form.Item name="id" label={t.sop.newFlowId} extra={t.sop.newFlowIdHint} rules={[{ required: true, message: t.cm.required }, { pattern: FLOW_ID, message: t.sop.newFlowIdHint }]}>
            <Input maxLength={64} data-testid="flow-new-id" />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
