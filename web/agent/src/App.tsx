// The agent workspace for the signed-in agent, in the staff apps' shell (web/shared/staff-app.tsx:
// language, antd theme and locale, sign-in).
import { StaffApp } from '../../shared/staff-app.js';
import { STRINGS, StringsContext } from './i18n.js';
import { Workspace } from './Workspace.js';

export function App() {
  return (
    <StaffApp langKey="xiaoer:agent:lang" strings={STRINGS} StringsContext={StringsContext}>
      {({ staff, sessionEnded }) => <Workspace staff={staff} onSessionEnded={sessionEnded} />}
    </StaffApp>
  );
}
