import type { Client } from '../api/client'
import { KINDS } from '../api/resources'
import type { ServerInfo } from '../api/session'
import { TopologyPage } from '../topology/topology-page'
import { href, useRoute, type Route } from '../route'
import { ResourceDetail } from './resource-detail'
import { ResourceList } from './resource-list'

const services = [...new Set(KINDS.map((kind) => kind.service))]

/** The signed-in console: who and where at the top, every service's resources on the left, the page. */
export function Shell({ client, server, onSignOut }: { client: Client; server: ServerInfo; onSignOut: () => void }) {
  const route = useRoute()
  const { user, account, project } = client.session
  return (
    <div class="shell">
      <header class="top">
        <a class="brand" href={href.topology}>
          linkplane
        </a>
        <span class="where">
          {server.region} · project <code title={project.id}>{project.id.slice(0, 8)}…</code>
        </span>
        <span class="spacer" />
        <span class="who" data-user={user.name}>
          {user.name}
          {account.name !== user.name && <span class="muted"> @ {account.name}</span>}
        </span>
        <button class="quiet" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <nav class="side">
        <a href={href.topology} class={route.page === 'topology' ? 'active' : undefined}>
          Topology
        </a>
        {services.map((service) => (
          <div class="group" key={service}>
            <h3>{service}</h3>
            {KINDS.filter((kind) => kind.service === service).map((kind) => (
              <a key={kind.id} href={href.list(kind)} class={'kind' in route && route.kind === kind ? 'active' : undefined}>
                {kind.title}
              </a>
            ))}
          </div>
        ))}
      </nav>
      <main class="content">
        <Page client={client} route={route} />
      </main>
    </div>
  )
}

function Page({ client, route }: { client: Client; route: Route }) {
  switch (route.page) {
    case 'topology':
      return <TopologyPage client={client} />
    case 'list':
      return <ResourceList client={client} kind={route.kind} key={route.kind.id} />
    case 'detail':
      return <ResourceDetail client={client} kind={route.kind} resourceKey={route.key} key={`${route.kind.id}/${route.key}`} />
    case 'unknown':
      return (
        <p class="empty">
          No such page. <a href={href.topology}>Back to the topology</a>
        </p>
      )
  }
}
