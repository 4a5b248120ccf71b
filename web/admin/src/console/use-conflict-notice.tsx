// The one way the console tells a user that their save met someone else's newer version
// (conflict.ts): a dialog naming who saved it and when, after the page has loaded it.
import { App } from 'antd';
import { useCallback } from 'react';
import { useStrings } from '../i18n.js';
import { localTime } from './time.js';

export function useConflictNotice(): (current: { updatedBy: string | null; updatedAt: string }) => void {
  const t = useStrings();
  const { modal } = App.useApp();
  return useCallback(
    (current) => {
      void modal.warning({
        title: t.cm.conflictTitle,
        content: <span data-testid="conflict-notice">{t.cm.conflictText(current.updatedBy, localTime(current.updatedAt))}</span>,
      });
    },
    [modal, t],
  );
}
