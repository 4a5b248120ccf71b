// The outcome dashboard of the signed-in admin's shop: a date range (kept in the address as
// ?from=&to=, so a view can be shared or reloaded), a CSV export of the same figures, and the
// panels. Without a range in the address the server's default (its last 30 days) is shown.
import { Alert, Button, Col, DatePicker, Row, Space, Spin, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type DayRange, type OutcomeReport, type Staff } from './api.js';
import { FlowFunnels } from './FlowFunnels.js';
import { Experiments } from './Experiments.js';
import { daysOf, isDay } from './format.js';
import { useStrings } from './i18n.js';
import { KnowledgeGaps } from './KnowledgeGaps.js';
import { KpiCards } from './KpiCards.js';
import { ResolutionPanel } from './ResolutionPanel.js';
import { ServedByPanel } from './ServedByPanel.js';
import { TopIntents } from './TopIntents.js';

const DAY_FORMAT = 'YYYY-MM-DD';

/** The range in the address, when it holds two real dates in order. */
function rangeFromAddress(): DayRange | null {
  const q = new URLSearchParams(location.search);
  const from = q.get('from');
  const to = q.get('to');
  return isDay(from) && isDay(to) && from <= to ? { from, to } : null;
}

function putRangeInAddress(range: DayRange) {
  const q = new URLSearchParams(location.search);
  q.set('from', range.from);
  q.set('to', range.to);
  history.replaceState(null, '', `${location.pathname}?${q.toString()}`);
}

type Load = { state: 'loading' } | { state: 'ready'; report: OutcomeReport } | { state: 'failed'; message: string };

export function Dashboard({ staff, onSessionEnded, onForbidden }: { staff: Staff; onSessionEnded: () => void; onForbidden: () => void }) {
  const t = useStrings();
  /** The range asked for; null until the user picks one (or the address names one). */
  const [asked, setAsked] = useState<DayRange | null>(rangeFromAddress);
  const [load, setLoad] = useState<Load>({ state: 'loading' });
  /** The last report, kept on screen while the next one loads. */
  const [report, setReport] = useState<OutcomeReport | null>(null);
  const [attempt, setAttempt] = useState(0);
  const latest = useRef({ onSessionEnded, onForbidden });
  latest.current = { onSessionEnded, onForbidden };

  useEffect(() => {
    let current = true;
    setLoad({ state: 'loading' });
    api.report(staff.shop, asked).then(
      (r) => {
        if (!current) return;
        setReport(r);
        setLoad({ state: 'ready', report: r });
      },
      (e: unknown) => {
        if (!current) return;
        if (e instanceof ApiError && e.status === 401) latest.current.onSessionEnded();
        else if (e instanceof ApiError && e.status === 403) latest.current.onForbidden();
        else setLoad({ state: 'failed', message: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [staff.shop, asked, attempt]);

  /** The days on screen: those asked for, else those the server chose (its default range). */
  const shown = asked ?? (report ? daysOf(report.range) : null);
  const shownFrom = shown?.from;
  const shownTo = shown?.to;
  const pickerValue = useMemo<[Dayjs, Dayjs] | null>(() => (shownFrom && shownTo ? [dayjs(shownFrom), dayjs(shownTo)] : null), [shownFrom, shownTo]);
  const presets = useMemo(() => {
    // The report counts UTC days, so "today" is today in UTC, whatever the browser's time zone.
    const today = dayjs(new Date().toISOString().slice(0, 10));
    return [7, 30, 90].map((n) => ({ label: t.lastDays(n), value: [today.subtract(n - 1, 'day'), today] as [Dayjs, Dayjs] }));
  }, [t]);

  const pick = (values: [Dayjs | null, Dayjs | null] | null) => {
    const [from, to] = values ?? [null, null];
    if (!from || !to) return;
    const range = { from: from.format(DAY_FORMAT), to: to.format(DAY_FORMAT) };
    putRangeInAddress(range);
    setAsked(range);
  };

  return (
    <div className="dashboard">
      <div className="toolbar">
        <Space wrap>
          <Typography.Text strong>{t.range}</Typography.Text>
          <span data-testid="range-picker">
            <DatePicker.RangePicker value={pickerValue} onChange={pick} allowClear={false} presets={presets} format={DAY_FORMAT} />
          </span>
          <Typography.Text type="secondary">{t.rangeHint}</Typography.Text>
        </Space>
        <Button href={shown ? api.csvUrl(staff.shop, shown) : undefined} download disabled={!shown} data-testid="export-csv">
          {t.exportCsv}
        </Button>
      </div>
      {load.state === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={t.loadFailed + load.message}
          className="load-error"
          data-testid="load-error"
          action={
            <Button size="small" onClick={() => setAttempt((n) => n + 1)}>
              {t.reload}
            </Button>
          }
        />
      )}
      <Spin spinning={load.state === 'loading'}>
        {report ? (
          <div className="panels" data-testid="report" data-from={shown?.from} data-to={shown?.to} data-loading={load.state === 'loading'}>
            <KpiCards report={report} />
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={10}>
                <ResolutionPanel report={report} />
              </Col>
              <Col xs={24} xl={14}>
                <ServedByPanel report={report} />
              </Col>
            </Row>
            <FlowFunnels report={report} />
            <Experiments report={report} />
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={8}>
                <TopIntents report={report} />
              </Col>
              <Col xs={24} xl={16}>
                <KnowledgeGaps report={report} />
              </Col>
            </Row>
          </div>
        ) : (
          <div className="panels-empty" />
        )}
      </Spin>
    </div>
  );
}
