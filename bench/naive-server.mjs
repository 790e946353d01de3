/**
 * The naive reference: what a quick emulator would be, Fastify and better-sqlite3 with linkplane's row
 * shapes and indexes, and nothing else: no authentication, no request or response schema, no rules,
 * rows answered as stored. It stores no less than linkplane does. Plain JavaScript, like bare-server.mjs.
 *
 *   BENCH_DATABASE: the SQLite file (WAL, synchronous=NORMAL, as linkplane's).
 */
import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import Fastify from 'fastify'

const db = new Database(process.env.BENCH_DATABASE ?? ':memory:')
db.pragma('journal_mode = WAL')
db.pragma('synchronous = NORMAL')
db.exec(`
  create table if not exists subnets (id text primary key, project_id text, vpc_id text, name text, description text,
    cidr text, gateway_ip text, dhcp_enable integer, primary_dns text, secondary_dns text, dns_list text,
    availability_zone text, extra_dhcp_opts text, neutron_subnet_id text, status text, created_at text, updated_at text);
  create index if not exists subnets_project_order on subnets (project_id, created_at, id);
  create table if not exists esw_connections (id text primary key, project_id text, instance_id text, name text,
    vpc_id text, virsubnet_id text, fixed_ips text, segmentation_id integer, remote_infos text, status text,
    created_at text, updated_at text);
  create index if not exists esw_connections_instance_order on esw_connections (instance_id, created_at, id);
  create table if not exists eg_connections (id text primary key, project_id text, name text, description text,
    type text, vpc_id text, subnet_id text, status text, agency text, created_at text, updated_at text);
  create index if not exists eg_connections_project_order on eg_connections (project_id, created_at, id);
`)

const insertSubnet = db.prepare(`insert into subnets values (@id, @project_id, @vpc_id, @name, @description, @cidr,
  @gateway_ip, 1, '100.125.1.250', '100.125.129.250', '[]', '', '[]', @neutron_subnet_id, 'UNKNOWN', @created_at, @created_at)`)
const subnetPage = db.prepare('select * from subnets where project_id = ? order by created_at, id limit ?')
const subnetPageAfter = db.prepare(
  'select * from subnets where project_id = ? and (created_at, id) > (select created_at, id from subnets where id = ?) order by created_at, id limit ?',
)
const insertEsw = db.prepare(`insert into esw_connections values (@id, @project_id, @instance_id, @name, @vpc_id,
  @virsubnet_id, '["192.168.1.10","192.168.1.11"]', @segmentation_id, '[]', 'disconnect', @created_at, @created_at)`)
const eswPage = db.prepare('select * from esw_connections where instance_id = ? order by created_at, id limit ?')
const eswPageAfter = db.prepare(
  'select * from esw_connections where instance_id = ? and (created_at, id) > (select created_at, id from esw_connections where id = ?) order by created_at, id limit ?',
)
const insertEg = db.prepare(`insert into eg_connections values (@id, @project_id, @name, '', 'WEBHOOK', @vpc_id,
  @subnet_id, 'CREATED', 'EG_DELEGATE_FG_AGENCY', @created_at, @created_at)`)
const egPage = db.prepare('select * from eg_connections where project_id = ? order by created_at desc, id desc limit ? offset ?')
const egCount = db.prepare('select count(*) as total from eg_connections where project_id = ?')

const app = Fastify({ logger: false })
const now = () => new Date().toISOString()
app.get('/health', async () => ({ status: 'ok' }))

app.post('/v1/:project_id/subnets', async (request) => {
  const row = { ...request.body.subnet, id: randomUUID(), neutron_subnet_id: randomUUID(), project_id: request.params.project_id }
  insertSubnet.run({ description: '', ...row, created_at: now() })
  return { subnet: row }
})
app.get('/v1/:project_id/subnets', async ({ params, query }) => {
  const limit = Number(query.limit ?? 2000)
  return { subnets: query.marker ? subnetPageAfter.all(params.project_id, query.marker, limit) : subnetPage.all(params.project_id, limit) }
})

app.post('/v3/:project_id/l2cg/instances/:instance_id/connections', async ({ params, body }) => {
  const row = { ...body.connection, id: randomUUID(), project_id: params.project_id, instance_id: params.instance_id, created_at: now() }
  insertEsw.run(row)
  return { connection: row }
})
app.get('/v3/:project_id/l2cg/instances/:instance_id/connections', async ({ params, query }) => {
  const limit = Number(query.limit ?? 2000)
  const rows = query.marker ? eswPageAfter.all(params.instance_id, query.marker, limit) : eswPage.all(params.instance_id, limit)
  return { connections: rows, page_info: { current_count: rows.length } }
})

app.post('/v1/:project_id/connections', async ({ params, body }) => {
  const row = { ...body, id: randomUUID(), project_id: params.project_id, created_at: now() }
  insertEg.run(row)
  return row
})
app.get('/v1/:project_id/connections', async ({ params, query }) => {
  const items = egPage.all(params.project_id, Number(query.limit ?? 15), Number(query.offset ?? 0))
  return { total: egCount.get(params.project_id).total, size: items.length, items }
})

const address = await app.listen({ port: 0, host: '127.0.0.1' })
process.stdout.write(`listening on ${address}\n`)
