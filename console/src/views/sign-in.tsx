import { useState } from 'preact/hooks'
import { signIn, SignInRefused, type ServerInfo, type Session } from '../api/session'

/**
 * Sign-in with an account's user name and password, as IAM issues tokens. An account's own administrator
 * leaves the account empty (its name is the account's); an IAM user of an account names the account.
 */
export function SignIn({ server, notice, onSignedIn }: { server: ServerInfo; notice?: string; onSignedIn: (s: Session) => void }) {
  const [account, setAccount] = useState('')
  const [user, setUser] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [busy, setBusy] = useState(false)

  const submit = async (event: Event) => {
    event.preventDefault()
    setBusy(true)
    setError(undefined)
    try {
      onSignedIn(await signIn(account.trim(), user.trim(), password, server.region))
    } catch (e) {
      setError(e instanceof SignInRefused ? e.message : `Cannot reach linkplane: ${(e as Error).message}`)
      setBusy(false)
    }
  }

  return (
    <main class="sign-in">
      <form class="card" onSubmit={submit}>
        <h1>
          <span class="brand">linkplane</span> console
        </h1>
        <p class="muted">
          Region <code>{server.region}</code> · version {server.version}
        </p>
        {notice && <p class="notice waiting">{notice}</p>}
        <label>
          User name
          <input name="user" autocomplete="username" required value={user} onInput={(e) => setUser(e.currentTarget.value)} />
        </label>
        <label>
          Password
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </label>
        <label>
          Account <span class="muted">(for IAM users; empty for the account's administrator)</span>
          <input name="account" autocomplete="organization" value={account} onInput={(e) => setAccount(e.currentTarget.value)} />
        </label>
        {error && (
          <p class="notice failed" role="alert">
            {error}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  )
}
