import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { connect } from 'node:net'
import { describe, test } from 'node:test'
import { eventually, TEST_CREDENTIALS } from '../support/app.js'
import { vpc, vpcClient } from '../support/huawei-sdk.js'
import { SERVER_CREDENTIALS, startServer, temporaryDatabase } from '../support/server-process.js'

const credentials = { accessKey: TEST_CREDENTIALS.accessKey, secretKey: TEST_CREDENTIALS.secretKey, projectId: TEST_CREDENTIALS.projectId }

const createVpc = (client: any, name: string) =>
  client.createVpc(
    new vpc.CreateVpcRequest().withBody(
      new vpc.CreateVpcRequestBody().withVpc(new vpc.CreateVpcOption().withName(name).withCidr('10.0.0.0/16')),
    ),
  )

describe('state survives the process', () => {
  test('generated credentials are printed once, kept, and printed again by `linkplane credentials`', async () => {
    const database = await temporaryDatabase()
    const first = await startServer({ database })
    const printed = /access key \(AK\)\s+(\S+)\n\s+secret key \(SK\)\s+(\S+)/.exec(first.output())
    assert.ok(printed, first.output())
    const [, accessKey, secretKey] = printed
    const project = /project\s+cn-north-4\s+id (\w{32})/.exec(first.output())![1]
    assert.equal(await first.stop(), 0)

    const again = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli.ts', 'credentials'], {
      env: { PATH: process.env.PATH, LINKPLANE_DATABASE: database },
      encoding: 'utf8',
    })
    assert.match(again, new RegExp(`access key \\(AK\\)\\s+${accessKey}\\n\\s+secret key \\(SK\\)\\s+${secretKey}`))
    assert.match(again, /password\s+\(shown only when generated/)

    const second = await startServer({ database })
    assert.doesNotMatch(second.output(), /secret key/)
    const client = vpcClient(second.url, { accessKey, secretKey, projectId: project })
    const listed = await client.listVpcs(new vpc.ListVpcsRequest())
    assert.equal(listed.httpStatusCode, 200)
    await second.stop()
  })

  test('a write acknowledged before kill -9 is there after a restart, and pending transitions still happen', async () => {
    const database = await temporaryDatabase()
    // Realistic timing slowed down so that the VPC is still CREATING when the process dies.
    const first = await startServer({
      database,
      env: { ...SERVER_CREDENTIALS, LINKPLANE_LIFECYCLE: 'realistic', LINKPLANE_LIFECYCLE_SCALE: '1000' },
    })
    const created = await createVpc(vpcClient(first.url, credentials), 'survivor')
    assert.equal(created.vpc.status, 'CREATING')
    assert.equal(await first.stop('SIGKILL'), null)

    const second = await startServer({ database, env: SERVER_CREDENTIALS })
    const client = vpcClient(second.url, credentials)
    const ready = await eventually(
      () => client.showVpc(new vpc.ShowVpcRequest().withVpcId(created.vpc.id)),
      (r: any) => r.vpc.status === 'OK',
    )
    assert.deepEqual({ ...ready.vpc, status: 'CREATING', updated_at: created.vpc.updated_at }, { ...created.vpc })
    await second.stop()
  })

  test('many acknowledged writes all survive kill -9', async () => {
    const database = await temporaryDatabase()
    const first = await startServer({ database, env: SERVER_CREDENTIALS })
    const client = vpcClient(first.url, credentials)
    const ids: string[] = []
    for (let i = 0; i < 50; i++) ids.push((await createVpc(client, `n${i}`)).vpc.id)
    await first.stop('SIGKILL')
    const second = await startServer({ database, env: SERVER_CREDENTIALS })
    const listed = await vpcClient(second.url, credentials).listVpcs(new vpc.ListVpcsRequest())
    assert.deepEqual(
      listed.vpcs.map((v: { id: string }) => v.id),
      ids,
    )
    await second.stop()
  })

  test('writes acknowledged while others are in flight all survive kill -9', async () => {
    // Concurrent writes share transactions on SQLite (store/group-commit.ts): the kill comes while groups
    // are being written, and every write answered by then must have been committed.
    const database = await temporaryDatabase()
    const first = await startServer({ database, env: SERVER_CREDENTIALS })
    const client = vpcClient(first.url, credentials)
    const acknowledged: string[] = []
    let killed: Promise<number | null> | undefined
    const writes = Array.from({ length: 200 }, (_, i) =>
      createVpc(client, `burst${i}`).then(
        (created: any) => {
          acknowledged.push(created.vpc.id)
          if (acknowledged.length === 40) killed = first.stop('SIGKILL')
        },
        () => {}, // cut by the kill
      ),
    )
    await Promise.all(writes)
    assert.equal(await killed, null, `killed after ${acknowledged.length} acknowledgements`)
    assert.ok(acknowledged.length < 200, 'the kill came while writes were in flight')
    const second = await startServer({ database, env: SERVER_CREDENTIALS })
    const listed = await vpcClient(second.url, credentials).listVpcs(new vpc.ListVpcsRequest())
    const stored = new Set(listed.vpcs.map((v: { id: string }) => v.id))
    assert.deepEqual(
      acknowledged.filter((id) => !stored.has(id)),
      [],
      'acknowledged writes lost',
    )
    await second.stop()
  })

  test('SIGTERM lets a request in flight finish, then exits 0', async () => {
    const server = await startServer({ database: await temporaryDatabase(), env: SERVER_CREDENTIALS })
    const { port } = new URL(server.url)
    // A request whose body is still arriving when SIGTERM comes: the server must answer it before exiting.
    const socket = connect(Number(port), '127.0.0.1')
    let answer = ''
    socket.on('data', (chunk) => (answer += chunk))
    const closed = new Promise((resolve) => socket.on('close', resolve))
    socket.write('POST /v1/nowhere HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 9\r\n\r\n{"a":')
    await new Promise((resolve) => setTimeout(resolve, 300))
    const exit = server.stop('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 300))
    socket.end('123}')
    await closed
    assert.match(answer, /^HTTP\/1\.1 404 /)
    assert.equal(await exit, 0)
  })

  test('a database written with other bootstrap ids refuses to start with a clear message', async () => {
    const database = await temporaryDatabase()
    const first = await startServer({ database, env: SERVER_CREDENTIALS })
    await first.stop()
    const error = await startServer({
      database,
      env: { ...SERVER_CREDENTIALS, LINKPLANE_PROJECT_ID: 'ffffffffffffffffffffffffffffffff' },
    }).then(
      () => null,
      (e: Error) => e.message,
    )
    assert.match(String(error), /LINKPLANE_PROJECT_ID is ffff/)
  })
})
