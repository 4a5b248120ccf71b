// What differs between two versions of a shop, by kind of item: the ids added, changed and removed.
import { Descriptions, Empty, Space, Tag } from 'antd';
import type { Changes } from '../../../../src/contracts/admin.js';
import { changeCount } from '../console/draft-store.js';
import { useStrings } from '../i18n.js';

const KINDS = ['faq', 'products', 'flows', 'settings'] as const;

export function ChangesView({ changes, testId }: { changes: Changes; testId: string }) {
  const t = useStrings();
  if (changeCount(changes) === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t.pub.noChanges} data-testid={testId} />;
  const marks = [
    ['added', 'green', t.pub.changeAdded, '+'],
    ['changed', 'blue', t.pub.changeChanged, '~'],
    ['removed', 'red', t.pub.changeRemoved, '−'],
  ] as const;
  return (
    <Descriptions size="small" column={1} bordered data-testid={testId}>
      {KINDS.filter((k) => changeCount({ ...EMPTY, [k]: changes[k] }) > 0).map((k) => (
        <Descriptions.Item key={k} label={t.pub.kinds[k]}>
          <Space wrap size={[4, 4]}>
            {marks.flatMap(([field, color, label, sign]) =>
              changes[k][field].map((id) => (
                <Tag key={`${field}-${id}`} color={color} title={label} data-change={field} data-kind={k}>
                  {sign} {id}
                </Tag>
              )),
            )}
          </Space>
        </Descriptions.Item>
      ))}
    </Descriptions>
  );
}

const NONE = { added: [], changed: [], removed: [] };
const EMPTY: Changes = { faq: NONE, products: NONE, flows: NONE, settings: NONE };
