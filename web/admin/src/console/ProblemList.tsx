// Problems as the server wrote them (error.details, an import's or a draft's problems), one per line.
export function ProblemList({ problems, testId = 'problem-list' }: { problems: readonly string[]; testId?: string }) {
  return (
    <ul className="problem-list" data-testid={testId}>
      {problems.map((p, i) => (
        <li key={i}>{p}</li>
      ))}
    </ul>
  );
}
