// A formatted figure, or an honest "no data" when the API has none (null).
import { Typography } from 'antd';
import { useStrings } from './i18n.js';

export function Figure({ text, suffix }: { text: string | null; suffix?: string }) {
  const t = useStrings();
  if (text === null) {
    return (
      <Typography.Text type="secondary" className="no-data">
        {t.noData}
      </Typography.Text>
    );
  }
  return (
    <>
      {text}
      {suffix && <span className="figure-suffix">{suffix}</span>}
    </>
  );
}
