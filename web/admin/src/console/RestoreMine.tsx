// After an edit met a newer version: the newer one is shown, and the user's own text is one click away.
import { Alert, Button } from 'antd';
import { useStrings } from '../i18n.js';

/** `onRestore` puts the user's text back over the newer version: saving then overwrites it knowingly. */
export function RestoreMine({ onRestore, testId }: { onRestore: () => void; testId: string }) {
  const t = useStrings();
  return (
    <Alert
      type="warning"
      showIcon
      title={t.cm.conflictTitle}
      className="editor-note"
      action={
        <Button size="small" onClick={onRestore} data-testid={testId}>
          {t.cm.restoreMine}
        </Button>
      }
    />
  );
}
