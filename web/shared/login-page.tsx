// Staff sign-in, the same in every staff app: shop, username and password; the server answers with a
// session cookie. The app gives its strings (its own sign-in title among them).
import { Alert, Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { ApiError, authApi, type Staff } from './api.js';
import type { StaffStrings } from './lang.js';
import './login-page.css';

interface LoginForm {
  shop: string;
  username: string;
  password: string;
}

export function LoginPage({ t, onSignedIn }: { t: StaffStrings; onSignedIn: (staff: Staff) => void }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (v: LoginForm) => {
    setBusy(true);
    setError(null);
    try {
      onSignedIn(await authApi.login(v.shop.trim(), v.username.trim(), v.password));
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) setError(t.loginFailed);
      else if (e instanceof ApiError && e.status === 429) setError(`${t.tooManyAttempts} (${e.message})`);
      else setError(t.failed + (e instanceof Error ? e.message : String(e)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <Card title={t.loginTitle} className="login-card">
        <Form<LoginForm> layout="vertical" initialValues={{ shop: 'demo-zh', username: '', password: '' }} onFinish={submit} requiredMark={false}>
          <Form.Item name="shop" label={t.shop} rules={[{ required: true, whitespace: true, message: t.required }]}>
            <Input data-testid="login-shop" autoComplete="organization" maxLength={64} />
          </Form.Item>
          <Form.Item name="username" label={t.username} rules={[{ required: true, whitespace: true, message: t.required }]}>
            <Input data-testid="login-username" autoComplete="username" maxLength={64} autoFocus />
          </Form.Item>
          <Form.Item name="password" label={t.password} rules={[{ required: true, message: t.required }]}>
            <Input.Password data-testid="login-password" autoComplete="current-password" maxLength={256} />
          </Form.Item>
          {error && <Alert type="error" showIcon title={error} className="login-error" data-testid="login-error" />}
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            {t.signIn}
          </Button>
        </Form>
      </Card>
    </div>
  );
}
