/** The fixed bootstrap account of test and bench servers (free of node:test, so bench/ can import it). */
export const TEST_CREDENTIALS = {
  accessKey: 'TESTACCESSKEY0000001',
  secretKey: 'testSecretKey0000000000000000000000000001',
  projectId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
  domainId: 'f9e8d7c6b5a40392817f6e5d4c3b2a10',
  user: 'tester',
  password: 'Test-password-1',
}

/** The same account as a server process's environment. */
export const SERVER_CREDENTIALS = {
  LINKPLANE_ACCESS_KEY: TEST_CREDENTIALS.accessKey,
  LINKPLANE_SECRET_KEY: TEST_CREDENTIALS.secretKey,
  LINKPLANE_PROJECT_ID: TEST_CREDENTIALS.projectId,
  LINKPLANE_DOMAIN_ID: TEST_CREDENTIALS.domainId,
  LINKPLANE_USER: TEST_CREDENTIALS.user,
  LINKPLANE_PASSWORD: TEST_CREDENTIALS.password,
}
