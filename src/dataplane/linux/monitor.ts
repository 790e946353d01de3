import type { ChildProcess } from 'node:child_process'
import { childProcess } from './commands.js'

/**
 * `ip monitor` for as long as its stdin stays open: when linkplane closes it, or dies (even by kill -9),
 * the shell reads end-of-file and stops the monitor, so no monitor outlives the server.
 */
const WHILE_STDIN_OPEN = 'ip -n "$0" monitor link address route all-nsid & monitor=$!; read -r _; kill "$monitor"'

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

  /** Starts following (again: a recreated underlay is a new namespace, the old monitor sees nothing). */
  restart(): void {
    this.stop()
    const child = childProcess().spawn('sh', ['-c', WHILE_STDIN_OPEN, this.underlay], { stdio: ['pipe', 'pipe', 'ignore'] })
    child.stdout!.on('data', () => this.onEvent())
    child.stdin!.on('error', () => {})
    child.on('error', () => {})
    child.on('exit', () => {
      if (this.child === child) this.child = undefined
    })
    this.child = child
  }

  stop(): void {
    const child = this.child
    this.child = undefined
    child?.stdin!.end()
  }
}
