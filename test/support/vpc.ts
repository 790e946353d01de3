/** Shortcuts for tests that need a ready VPC and subnet (through the API, as a user would make them). */
import assert from 'node:assert/strict'
import { eventually, type TestApp } from './app.js'

export async function readyVpc(lp: TestApp, vpc: Record<string, unknown>): Promise<any> {
  const created = await lp.call('POST', `/v1/${lp.projectId}/vpcs`, { body: { vpc } })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  if (lp.linkplane.context.config.lifecycle.mode === 'manual') await lp.advance()
  const ready = await eventually(
    () => lp.call('GET', `/v1/${lp.projectId}/vpcs/${created.body.vpc.id}`),
    (r) => r.body.vpc.status === 'OK',
  )
  return ready.body.vpc
}

export async function readySubnet(lp: TestApp, subnet: Record<string, unknown>): Promise<any> {
  const created = await lp.call('POST', `/v1/${lp.projectId}/subnets`, { body: { subnet } })
  assert.equal(created.status, 200, JSON.stringify(created.body))
  if (lp.linkplane.context.config.lifecycle.mode === 'manual') await lp.advance()
  const ready = await eventually(
    () => lp.call('GET', `/v1/${lp.projectId}/subnets/${created.body.subnet.id}`),
    (r) => r.body.subnet.status === 'ACTIVE',
  )
  return ready.body.subnet
}

export function assertVpcError(response: { status: number; body: any; headers: any }, status: number, code: string) {
  assert.equal(response.status, status, JSON.stringify(response.body))
  assert.equal(response.body.code, code, JSON.stringify(response.body))
  assert.equal(response.body.error_code, code)
  assert.equal(typeof response.body.message, 'string')
  assert.equal(response.body.error_msg, response.body.message)
  assert.equal(response.body.request_id, response.headers['x-request-id'])
}

/** A VPC (`10.<octet>.0.0/16`) and one ACTIVE subnet (`10.<octet>.1.0/24`) made through the official SDK's VpcClient. */
export async function readySdkNetwork(vpcs: any, name: string, octet: number): Promise<{ vpcId: string; subnetId: string }> {
  // Loaded here, not at the top: the in-process tests that use this file should not load the SDK.
  const { vpc } = await import('./huawei-sdk.js')
  const created = await vpcs.createVpc(
    new vpc.CreateVpcRequest().withBody(
      new vpc.CreateVpcRequestBody().withVpc(new vpc.CreateVpcOption().withName(name).withCidr(`10.${octet}.0.0/16`)),
    ),
  )
  const vpcId: string = created.vpc.id
  await eventually(
    () => vpcs.showVpc(new vpc.ShowVpcRequest().withVpcId(vpcId)),
    (r: any) => r.vpc.status === 'OK',
  )
  const option = new vpc.CreateSubnetOption()
    .withName(name)
    .withCidr(`10.${octet}.1.0/24`)
    .withGatewayIp(`10.${octet}.1.1`)
    .withVpcId(vpcId)
  const subnetId: string = (
    await vpcs.createSubnet(new vpc.CreateSubnetRequest().withBody(new vpc.CreateSubnetRequestBody().withSubnet(option)))
  ).subnet.id
  await eventually(
    () => vpcs.showSubnet(new vpc.ShowSubnetRequest().withSubnetId(subnetId)),
    (r: any) => r.subnet.status === 'ACTIVE',
  )
  return { vpcId, subnetId }
}
