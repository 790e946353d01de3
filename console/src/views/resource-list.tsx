import type { Client } from '../api/client'
import { loadNames, type Names, type ResourceKind } from '../api/resources'
import { useLive } from '../live'
import { href } from '../route'
import { LiveStamp, Problem, StatusBadge } from './bits'

/** One kind of resource as a table, read again every few seconds: statuses move without a reload. */
export function ResourceList({ client, kind }: { client: Client; kind: ResourceKind }) {
  const live = useLive(async () => {
    const [items, names] = await Promise.all([kind.list(client), kind.showsNames ? loadNames(client) : new Map<string, string>()])
    return { items, names: names as Names }
  }, kind.id)

  return (
    <section class="page" data-kind={kind.id}>
      <header class="page-head">
        <h2>
          <span class="muted">{kind.service} ·</span> {kind.title}
          {live.data && <span class="count">{live.data.items.length}</span>}
        </h2>
        <LiveStamp live={live} />
      </header>
      {live.error !== undefined && <Problem error={live.error} what={`list ${kind.noun}s`} />}
      {live.data &&
        (live.data.items.length === 0 ? (
          <p class="empty">No {kind.noun}s in this project.</p>
        ) : (
          <div class="table-wrap">
            <table class="resources">
              <thead>
                <tr>
                  <th>{kind.nameTitle ?? 'Name'}</th>
                  {kind.status && <th>Status</th>}
                  {kind.columns.map((column) => (
                    <th key={column.title}>{column.title}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {live.data.items.map((item) => {
                  const key = kind.key(item)
                  return (
                    <tr key={key} data-key={key}>
                      <td>
                        <a href={href.detail(kind, key)}>{kind.name(item)}</a>
                      </td>
                      {kind.status && (
                        <td>
                          <StatusBadge status={kind.status(item)} />
                        </td>
                      )}
                      {kind.columns.map((column) => (
                        <td key={column.title} class={column.mono ? 'mono' : undefined}>
                          {column.cell(item, live.data!.names, client)}
                        </td>
                      ))}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ))}
    </section>
  )
}
