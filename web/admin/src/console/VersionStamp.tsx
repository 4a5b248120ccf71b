// The version of an edited item and who saved it when: what If-Match carries, shown beside the editor.
import { Typography } from 'antd';
import { useStrings } from '../i18n.js';
import { localTime } from './time.js';

export function VersionStamp({ item, testId, className }: { item: { version: number; updatedBy: string | null; updatedAt: string }; testId?: string; className?: string }) {
  const t = useStrings();
  return (
    <Typography.Text type="secondary" className={className} data-testid={testId} data-version={item.version}>
      {t.cm.version(item.version)} · {t.cm.updatedBy(item.updatedBy, localTime(item.updatedAt))}
    </Typography.Text>
  );
}
