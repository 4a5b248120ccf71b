// The header's reminder of unpublished changes (GET /draft) with a way to the publish page.
import { Badge, Button, Space, Typography } from 'antd';
import { useStrings } from '../i18n.js';
import { changeCount, useDraft } from './draft-store.js';
import { navigate } from './routes.js';

export function DraftIndicator({ shop }: { shop: string }) {
  const t = useStrings();
  const draft = useDraft(shop);
  if (!draft) return null;
  const n = changeCount(draft.changes);
  return (
    <Space size={8} data-testid="draft-indicator" data-count={n}>
      <Badge status={n > 0 ? 'warning' : 'success'} />
      <Typography.Text type={n > 0 ? 'warning' : 'secondary'}>{n > 0 ? t.hdr.pending(n) : t.hdr.clean}</Typography.Text>
      <Button size="small" type={n > 0 ? 'primary' : 'default'} onClick={() => navigate('publish')} data-testid="header-publish">
        {t.hdr.publish}
      </Button>
    </Space>
  );
}
