import type { Metadata } from 'next';

export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const params = await searchParams;
  const error = params.error;
  const next = typeof params.next === 'string' ? params.next : '/';
  return (
    <main className="signin">
      <h1>Sign in to sockscope</h1>
      <p className="muted">
        Paste the dashboard token (<code>SOCKSCOPE_DASHBOARD_TOKEN</code>). The local stack prints a
        sign-in URL when it starts.
      </p>
      {error ? (
        <p role="alert" className="error">
          {error === 'limited'
            ? 'Too many attempts. Wait a minute and try again.'
            : 'That token is not valid.'}
        </p>
      ) : null}
      <form method="post" action="/api/auth/sign-in">
        <label htmlFor="token">Token</label>
        <input id="token" name="token" type="password" autoComplete="current-password" required />
        <input type="hidden" name="next" value={next} />
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
