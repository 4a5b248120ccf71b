// The problems of the flow being edited, one per line, each taking the cursor to its place.
import { Button, Typography } from 'antd';
import type { YamlProblem } from '../../../../src/contracts/admin.js';
import { useStrings } from '../i18n.js';
import { problemText } from './problems.js';

export function ProblemsList({ problems, onPick }: { problems: readonly YamlProblem[]; onPick: (p: YamlProblem) => void }) {
  const t = useStrings();
  return (
    <div className="flow-problems" data-testid="flow-problems" data-count={problems.length}>
      {problems.length === 0 ? (
        <Typography.Text type="success">{t.sop.noProblems}</Typography.Text>
      ) : (
        <ul className="problem-list">
          {problems.map((p, i) => (
            <li key={i} data-testid="flow-problem" data-line={p.line ?? ''}>
              <Button type="link" size="small" danger onClick={() => onPick(p)} className="problem-link">
                {problemText(p)}
              </Button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
