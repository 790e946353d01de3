/**
 * The official Huawei Cloud Node SDK, as users run it. Loaded through `require` because the packages are
 * CommonJS, with their logger silenced (it prints every failed request to stdout).
 */
import { createRequire } from 'node:module'

const require = createRequire(import.meta.url)

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any

const log4j = require('@huaweicloud/huaweicloud-sdk-core/logger/log4jLogger')
log4j.Logger4jInstance.level = 'off'

export const core: Any = {
  ...require('@huaweicloud/huaweicloud-sdk-core'),
  // The package root exports only credentials and regions; the client builder lives in its own module.
  ClientBuilder: require('@huaweicloud/huaweicloud-sdk-core/ClientBuilder').ClientBuilder,
}
export const vpc: Any = require('@huaweicloud/huaweicloud-sdk-vpc')
export const functiongraph: Any = require('@huaweicloud/huaweicloud-sdk-functiongraph')
// The IAM package cannot be loaded from its root in 3.1.172; its v3 public API can.
export const iam: Any = require('@huaweicloud/huaweicloud-sdk-iam/v3/public-api')
export const AKSKSigner: Any = require('@huaweicloud/huaweicloud-sdk-core/auth/AKSKSigner').AKSKSigner

export interface Credentials {
  accessKey: string
  secretKey: string
  projectId?: string
}

export function basicCredentials(c: Credentials): Any {
  const credentials = new core.BasicCredentials().withAk(c.accessKey).withSk(c.secretKey)
  return c.projectId ? credentials.withProjectId(c.projectId) : credentials
}

/** A bare `HcClient`, for services without an npm SDK: requests are defined in the test. */
export function hcClient(endpoint: string, c: Credentials): Any {
  return new core.ClientBuilder((client: Any) => client).withCredential(basicCredentials(c)).withEndpoint(endpoint).build()
}

export function vpcClient(endpoint: string, c: Credentials): Any {
  return vpc.VpcClient.newBuilder().withCredential(basicCredentials(c)).withEndpoint(endpoint).build()
}

export function functiongraphClient(endpoint: string, c: Credentials): Any {
  return functiongraph.FunctionGraphClient.newBuilder().withCredential(basicCredentials(c)).withEndpoint(endpoint).build()
}

/** Runs an SDK call that must fail; returns the SDK's exception (httpStatusCode, errorCode, errorMsg, requestId). */
export async function sdkError(call: Promise<unknown>): Promise<Any> {
  try {
    await call
  } catch (error) {
    return error
  }
  throw new Error('the SDK call succeeded; an error was expected')
}
