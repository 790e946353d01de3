import { call, SessionEnded, type ApiAnswer } from './http'
import type { Session } from './session'

/** The API as the signed-in user sees it; an ended session is reported once, to sign the user out. */
export class Client {
  constructor(
    readonly session: Session,
    private readonly onSessionEnded: (reason: string) => void,
  ) {}

  get projectId(): string {
    return this.session.project.id
  }

  get(path: string): Promise<ApiAnswer> {
    return this.send('GET', path)
  }

  async send(method: string, path: string, body?: unknown): Promise<ApiAnswer> {
    try {
      return await call(this.session.token, method, path, body)
    } catch (error) {
      if (error instanceof SessionEnded) this.onSessionEnded(error.message)
      throw error
    }
  }
}
