import { useEffect, useMemo, useState } from 'react';
import { api, setUnauthenticatedHandler } from '../api-client.js';
import { I18nContext, browserLanguages, createI18n, pickLocale, type Locale } from '../i18n.js';
import type { User } from '../types.js';
import { Inbox } from './Inbox.js';
import { LoginPage } from './LoginPage.js';

type Session = { state: 'loading' } | { state: 'signedOut' } | { state: 'signedIn'; user: User };

export function App() {
  const [session, setSession] = useState<Session>({ state: 'loading' });
  const [localeOverride, setLocaleOverride] = useState<Locale | null>(null);

  useEffect(() => {
    // Any failure here (401, server down) leads to the sign-in page, which explains what it meets.
    api.me().then(
      ({ user }) => setSession({ state: 'signedIn', user }),
      () => setSession({ state: 'signedOut' }),
    );
    setUnauthenticatedHandler(() => setSession({ state: 'signedOut' }));
    return () => setUnauthenticatedHandler(null);
  }, []);

  const user = session.state === 'signedIn' ? session.user : null;
  const locale = localeOverride ?? pickLocale(user?.locale, browserLanguages());
  const timeZone = user?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const i18n = useMemo(() => createI18n(locale, timeZone), [locale, timeZone]);

  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = i18n.t('app.name');
  }, [locale, i18n]);

  return (
    <I18nContext.Provider value={i18n}>
      {session.state === 'loading' ? (
        <div className="splash" role="status">
          {i18n.t('app.loading')}
        </div>
      ) : session.state === 'signedOut' ? (
        <LoginPage
          onSignedIn={(u) => {
            setLocaleOverride(null);
            setSession({ state: 'signedIn', user: u });
          }}
        />
      ) : (
        <Inbox
          key={session.user.id}
          me={session.user}
          onMe={(u) => {
            setLocaleOverride(null);
            setSession({ state: 'signedIn', user: u });
          }}
          onLocale={setLocaleOverride}
          onSignOut={() => setSession({ state: 'signedOut' })}
        />
      )}
    </I18nContext.Provider>
  );
}
