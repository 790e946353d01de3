import { useEffect, useMemo, useState } from 'preact/hooks'
import { Client } from './api/client'
import { forgetSession, savedSession, serverInfo, type ServerInfo, type Session } from './api/session'
import { Shell } from './views/shell'
import { SignIn } from './views/sign-in'

export function App() {
  const [server, setServer] = useState<ServerInfo | undefined>()
  const [unreachable, setUnreachable] = useState<string | undefined>()
  const [session, setSession] = useState<Session | null>(savedSession)
  const [notice, setNotice] = useState<string | undefined>()

  useEffect(() => {
    serverInfo().then(setServer, (error: Error) => setUnreachable(error.message))
  }, [])

  const signOut = (why?: string) => {
    forgetSession()
    setSession(null)
    setNotice(why)
  }
  const client = useMemo(
    () => session && new Client(session, (reason) => signOut(`Your session has ended (${reason}). Please sign in again.`)),
    [session],
  )

  if (!server) {
    return <main class="sign-in">{unreachable ? <p class="notice failed">Cannot reach linkplane: {unreachable}</p> : <p>Loading…</p>}</main>
  }
  if (!client) {
    return (
      <SignIn
        server={server}
        notice={notice}
        onSignedIn={(signedIn) => {
          setNotice(undefined)
          setSession(signedIn)
        }}
      />
    )
  }
  return <Shell client={client} server={server} onSignOut={() => signOut()} />
}
