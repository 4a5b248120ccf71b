// The shop's test cases on the draft against the live release: how many pass, what newly fails
// (with why) and what newly passes.
import { Alert, Collapse, Space, Table, Tag, Typography } from 'antd';
import type { TestSummary } from '../../../../src/contracts/admin.js';
import { useStrings } from '../i18n.js';

export function TestsSummary({ tests }: { tests: TestSummary }) {
  const t = useStrings();
  const ok = tests.newlyFailing.length === 0;
  return (
    <div className="tests-summary" data-testid="tests-summary" data-passed={tests.passed} data-cases={tests.cases} data-newly-failing={tests.newlyFailing.length}>
      <Alert type={ok ? (tests.failed.length ? 'warning' : 'success') : 'error'} showIcon title={t.pub.cases(tests.passed, tests.cases)} />
      {tests.problems.length > 0 && (
        // A test file that cannot be read runs none of its cases: said, not hidden in the count.
        <Alert type="warning" showIcon title={t.pub.unreadTests} description={tests.problems.join('\n')} className="tests-problems" data-testid="tests-problems" />
      )}
      {tests.newlyFailing.length > 0 && (
        <>
          <Typography.Title level={5}>{t.pub.newlyFailing}</Typography.Title>
          <NewFailures failures={tests.newlyFailing} />
        </>
      )}
      {tests.newlyPassing.length > 0 && (
        <>
          <Typography.Title level={5}>{t.pub.newlyPassing}</Typography.Title>
          <Space wrap size={[4, 4]}>
            {tests.newlyPassing.map((c) => (
              <Tag key={c} color="green">
                {c}
              </Tag>
            ))}
          </Space>
        </>
      )}
      {tests.failed.length > 0 && (
        // Cases that fail on both versions can run to hundreds in a young shop: folded, counted.
        <Collapse
          size="small"
          className="failed-cases"
          items={[
            {
              key: 'failed',
              label: `${t.pub.failedCases} (${tests.failed.length})`,
              children: (
                <Space wrap size={[4, 4]}>
                  {tests.failed.map((c) => (
                    <Tag key={c} color="orange">
                      {c}
                    </Tag>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      )}
    </div>
  );
}

export function NewFailures({ failures }: { failures: TestSummary['newlyFailing'] }) {
  const t = useStrings();
  return (
    <Table
      size="small"
      rowKey={(f) => `${f.file}:${f.case}`}
      pagination={false}
      dataSource={failures}
      columns={[
        { title: t.pub.colCase, dataIndex: 'case', width: 200 },
        { title: t.pub.colFile, dataIndex: 'file', width: 200 },
        { title: t.pub.colDetail, dataIndex: 'detail' },
      ]}
      data-testid="newly-failing"
    />
  );
}
