// The outcome dashboard as a console page (its own chunk: the first paint of another page never waits for it).
import { Dashboard } from '../Dashboard.js';
import { useConsole } from '../console/context.js';

export default function DashboardPage() {
  const { staff, sessionEnded, forbidden } = useConsole();
  return <Dashboard staff={staff} onSessionEnded={sessionEnded} onForbidden={forbidden} />;
}
