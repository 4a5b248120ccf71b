// Languages of the staff apps (web/agent, web/admin): Chinese first, English on toggle, the choice kept
// per app in localStorage. The strings of the shell and the sign-in page that every staff app has are
// here; an app adds its own (its title, its sign-in title, its pages) and makes its context with
// defineStrings.
import { createContext, useContext, useEffect, useState } from 'react';

export type Lang = 'zh' | 'en';

const zh = {
  toggle: 'EN',
  // login
  shop: '店铺 ID',
  username: '用户名',
  password: '密码',
  signIn: '登录',
  signOut: '退出',
  required: '必填',
  loginFailed: '店铺、用户名或密码不正确',
  tooManyAttempts: '尝试次数过多，请稍后再试',
  failed: '操作失败：',
};

const en: typeof zh = {
  toggle: '中文',
  shop: 'Shop ID',
  username: 'Username',
  password: 'Password',
  signIn: 'Sign in',
  signOut: 'Sign out',
  required: 'Required',
  loginFailed: 'Wrong shop, username or password',
  tooManyAttempts: 'Too many attempts, please wait a moment',
  failed: 'Failed: ',
};

/** The strings every staff app starts its own from. */
export const STAFF_STRINGS: Record<Lang, typeof zh> = { zh, en };

/** What the shared shell and sign-in page read of an app's strings: the common ones and its titles. */
export type StaffStrings = typeof zh & { appTitle: string; loginTitle: string };

/** An app's strings in both languages, the context they are provided in once at the root, and the hook its pages read them with. */
export function defineStrings<S extends StaffStrings>(zhStrings: S, enStrings: S) {
  const StringsContext = createContext<S>(zhStrings);
  const STRINGS: Record<Lang, S> = { zh: zhStrings, en: enStrings };
  const useStrings = (): S => useContext(StringsContext);
  return { STRINGS, StringsContext, useStrings };
}

/** The language picked in this app (storageKey: its localStorage entry): Chinese unless English was picked before. */
export function useLang(storageKey: string): [Lang, (lang: Lang) => void] {
  const [lang, setLang] = useState<Lang>(() => (localStorage.getItem(storageKey) === 'en' ? 'en' : 'zh'));
  useEffect(() => {
    localStorage.setItem(storageKey, lang);
  }, [storageKey, lang]);
  return [lang, setLang];
}
