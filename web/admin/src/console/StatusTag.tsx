// How a draft item stands against the live release, as a coloured tag.
import { Tag } from 'antd';
import { useStrings } from '../i18n.js';

const COLORS = { added: 'green', changed: 'blue', unchanged: 'default' } as const;

export function StatusTag({ status }: { status: 'added' | 'changed' | 'unchanged' }) {
  const t = useStrings();
  return (
    <Tag color={COLORS[status]} data-status={status}>
      {t.cm.status[status]}
    </Tag>
  );
}
