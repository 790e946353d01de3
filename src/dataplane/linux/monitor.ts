import { spawn, type ChildProcess } from 'node:child_process'

/**
 * Follows netlink events of every linkplane namespace: one `ip monitor ... all-nsid` in the underlay
 * namespace, where each of them has an id. The lines are not parsed: any event means "look again", and
 * the link check reads the kernel's state itself. The process sleeps in the kernel between events, so it
 * costs nothing while nothing changes.
 */
export class LinkEvents {
  private child: ChildProcess | undefined

  constructor(
    private readonly underlay: string,
    private readonly onEvent: () => void,
  ) {}

  get running(): boolean {
    return this.child !== undefined
  }

  /** Starts following (again: a recreated underlay is a new namespace, the old monitor sees nothing). */
  restart(): void {
    this.stop()
    const child = spawn('ip', ['-n', this.underlay, 'monitor', 'link', 'address', 'route', 'all-nsid'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    })
    child.stdout!.on('data', () => this.onEvent())
    child.on('error', () => {})
    child.on('exit', () => {
      if (this.child === child) this.child = undefined
    })
    this.child = child
  }

  stop(): void {
    const child = this.child
    this.child = undefined
    child?.kill()
  }
}
