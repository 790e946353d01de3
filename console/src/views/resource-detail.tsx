import { useState } from 'preact/hooks'
import type { Client } from '../api/client'
import type { Action, ResourceKind } from '../api/resources'
import { useLive } from '../live'
import { href } from '../route'
import { LiveStamp, Problem, StatusBadge } from './bits'

/** The JSON as the server wrote it, indented (key order and values are kept). */
function indented(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2)
  } catch {
    return text
  }
}

/**
 * One resource: its JSON exactly as the service's Show operation returns it (read again every few
 * seconds), and the actions the API offers on it.
 */
export function ResourceDetail({ client, kind, resourceKey }: { client: Client; kind: ResourceKind; resourceKey: string }) {
  const live = useLive(async () => {
    const item = (await kind.list(client)).find((candidate) => kind.key(candidate) === resourceKey)
    if (!item) return { item: undefined }
    if (!kind.showPath) return { item }
    const path = kind.showPath(client, item)
    return { item, path, answer: await client.get(path) }
  }, `${kind.id}/${resourceKey}`)
  const item = live.data?.item

  return (
    <section class="page detail" data-kind={kind.id} data-key={resourceKey}>
      <p class="crumbs">
        <a href={href.list(kind)}>
          {kind.service} · {kind.title}
        </a>
      </p>
      <header class="page-head">
        <h2>
          {item ? kind.name(item) : resourceKey}
          {item && kind.status && <StatusBadge status={kind.status(item)} />}
        </h2>
        <LiveStamp live={live} />
      </header>
      {live.error !== undefined && <Problem error={live.error} what={`read this ${kind.noun}`} />}
      {live.data && !item && (
        <p class="empty" data-gone>
          This {kind.noun} does not exist (any more). <a href={href.list(kind)}>Back to the list</a>
        </p>
      )}
      {item && (
        <>
          <Actions client={client} actions={kind.actions(client, item)} onDone={live.refresh} />
          {live.data?.answer ? (
            <p class="source mono">
              GET {live.data.path} → {live.data.answer.status}
            </p>
          ) : (
            <p class="source">
              {kind.service} has no operation that reads one {kind.noun}: this is the item as its list operation returns it.
            </p>
          )}
          <pre class="json" data-json>
            {live.data?.answer ? indented(live.data.answer.text) : JSON.stringify(item, null, 2)}
          </pre>
        </>
      )}
    </section>
  )
}

function Actions({ client, actions, onDone }: { client: Client; actions: Action[]; onDone: () => void }) {
  const [confirming, setConfirming] = useState<Action | undefined>()
  const [outcome, setOutcome] = useState<{ action: Action; status?: number; error?: unknown } | undefined>()
  const [busy, setBusy] = useState(false)

  const run = async (action: Action) => {
    setConfirming(undefined)
    setBusy(true)
    try {
      const answer = await client.send(action.method, action.path)
      setOutcome({ action, status: answer.status })
    } catch (error) {
      setOutcome({ action, error })
    }
    setBusy(false)
    onDone()
  }

  return (
    <div class="actions">
      {actions.map((action) =>
        confirming === action ? (
          <span class="confirm" key={action.label}>
            {action.label} for good?
            <button class="danger" onClick={() => run(action)}>
              Yes, {action.label.toLowerCase()}
            </button>
            <button onClick={() => setConfirming(undefined)}>Cancel</button>
          </span>
        ) : (
          <button
            key={action.label}
            class={action.destructive ? 'danger-outline' : undefined}
            disabled={busy}
            onClick={() => (action.destructive ? setConfirming(action) : run(action))}
          >
            {action.label}
          </button>
        ),
      )}
      {outcome &&
        (outcome.error === undefined ? (
          <p class="notice ok" role="status" data-outcome="done">
            {outcome.action.method} {outcome.action.path} answered {outcome.status}.
          </p>
        ) : (
          <Problem error={outcome.error} what={`${outcome.action.label.toLowerCase()} it`} />
        ))}
    </div>
  )
}
