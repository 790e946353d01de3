import { errorDetails, request } from './http'

/** A signed-in user: a project-scoped IAM token, as `POST /v3/auth/tokens` issues it, and who it is for. */
export interface Session {
  token: string
  expiresAt: string
  user: { id: string; name: string }
  account: { id: string; name: string }
  project: { id: string; name: string }
}

/** What the server says about itself without credentials (`GET /_linkplane/health`). */
export interface ServerInfo {
  version: string
  region: string
  lifecycle: string
}

// Per tab, gone when the tab closes: a console left open elsewhere does not keep a token around.
const KEY = 'linkplane.console.session'

export function savedSession(): Session | null {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null
    return session && Date.parse(session.expiresAt) > Date.now() ? session : null
  } catch {
    return null
  }
}

export function forgetSession(): void {
  sessionStorage.removeItem(KEY)
}

export async function serverInfo(): Promise<ServerInfo> {
  const answer = await request('GET', '/_linkplane/health')
  if (answer.status !== 200) throw new Error(`the server answered ${answer.status} to /_linkplane/health`)
  return answer.body
}

/** The sign-in was refused; the message is IAM's. */
export class SignInRefused extends Error {}

/**
 * Signs in with the password method, scoped to the account's project in the server's region (the
 * project's name is the region id, as on Huawei Cloud). The account is the IAM domain: an account's own
 * administrator has the account's name as user name, so an empty account means "the user's own".
 */
export async function signIn(account: string, user: string, password: string, region: string): Promise<Session> {
  const answer = await request('POST', '/v3/auth/tokens?nocatalog=true', {
    body: {
      auth: {
        identity: { methods: ['password'], password: { user: { name: user, password, domain: { name: account || user } } } },
        scope: { project: { name: region } },
      },
    },
  })
  if (answer.status !== 201) throw new SignInRefused(errorDetails(answer.status, answer.body, answer.text).message)
  const token = answer.body?.token
  const subject = answer.headers.get('X-Subject-Token')
  if (!subject || !token?.project) throw new SignInRefused('the server issued no project-scoped token')
  const session: Session = {
    token: subject,
    expiresAt: token.expires_at,
    user: { id: token.user.id, name: token.user.name },
    account: { id: token.user.domain.id, name: token.user.domain.name },
    project: { id: token.project.id, name: token.project.name },
  }
  sessionStorage.setItem(KEY, JSON.stringify(session))
  return session
}
