import type { Static } from 'typebox'
import { EgError } from './errors.js'
import type { KafkaDetail, KafkaDetailInput, RocketMqDetail, RocketMqDetailInput, UpdateConnectionBody } from './schemas.js'

/**
 * Value rules of EventGrid connections, beyond what the schemas check. Each refusal is EG.00513000.
 */

/**
 * 1..128 letters, digits, `.`, `_`, `-`, starting with a letter or digit, and not `default`. The request
 * docs say "letters" and the response docs "lowercase letters": upper case is accepted. `default` is
 * refused in any case (`Default` too), so no name can be read as the reserved one.
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/

export function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw EgError.InvalidParameters('name must be 1 to 128 letters, digits, ".", "_" or "-", starting with a letter or digit')
  }
  if (name.toLowerCase() === 'default') throw EgError.InvalidParameters('name cannot be "default"')
  return name
}

/** Kafka's security protocols (Kafka's own names). */
const SECURITY_PROTOCOLS = ['PLAINTEXT', 'SASL_PLAINTEXT', 'SASL_SSL']

/**
 * The Kafka settings to keep, from either request spelling. SASL is on when `enable_sasl_ssl` or `sasl_ssl`
 * says so, or when only a SASL protocol is given; the two flags must agree, and SASL needs a user name and
 * a password. The protocol defaults to SASL_SSL with SASL, else PLAINTEXT; `acks` defaults to "1".
 *
 * Decision: the password is kept and answered, as Huawei's definition of the detail declares it, because the
 * Terraform provider reads it back into the state (`kafka_detail` is ForceNew: a password that did not come
 * back would replace the connection on every apply). It is the caller's broker credential, not a linkplane
 * secret; it appears only in this service's answers, never in logs.
 */
export function kafkaDetail(input: Static<typeof KafkaDetailInput>): Static<typeof KafkaDetail> {
  if (input.enable_sasl_ssl !== undefined && input.sasl_ssl !== undefined && input.enable_sasl_ssl !== input.sasl_ssl) {
    throw EgError.InvalidParameters('kafka_detail.enable_sasl_ssl and kafka_detail.sasl_ssl disagree')
  }
  if (input.user_name !== undefined && input.username !== undefined && input.user_name !== input.username) {
    throw EgError.InvalidParameters('kafka_detail.user_name and kafka_detail.username disagree')
  }
  const protocol = input.security_protocol
  if (protocol !== undefined && !SECURITY_PROTOCOLS.includes(protocol)) {
    throw EgError.InvalidParameters(`kafka_detail.security_protocol must be one of ${SECURITY_PROTOCOLS.join(', ')}`)
  }
  const sasl = input.enable_sasl_ssl ?? input.sasl_ssl ?? (protocol !== undefined && protocol.startsWith('SASL'))
  if (protocol !== undefined && sasl !== protocol.startsWith('SASL')) {
    throw EgError.InvalidParameters(`kafka_detail.security_protocol ${protocol} does not match enable_sasl_ssl ${sasl}`)
  }
  const userName = input.user_name ?? input.username ?? ''
  if (sasl && (userName === '' || !input.password)) {
    throw EgError.InvalidParameters('kafka_detail.user_name and kafka_detail.password are required when SASL_SSL is enabled')
  }
  return {
    instance_id: input.instance_id,
    addr: input.addr,
    security_protocol: protocol ?? (sasl ? 'SASL_SSL' : 'PLAINTEXT'),
    enable_sasl_ssl: sasl,
    user_name: userName,
    password: input.password ?? '',
    acks: input.acks ?? '1',
  }
}

/** The RocketMQ settings to keep: ACL needs a user name and a password (kept and answered, as for Kafka). */
export function rocketMqDetail(input: Static<typeof RocketMqDetailInput>): Static<typeof RocketMqDetail> {
  const acl = input.enable_acl ?? false
  if (acl && (!input.user_name || !input.password)) {
    throw EgError.InvalidParameters('rocketmq_detail.user_name and rocketmq_detail.password are required when ACL is enabled')
  }
  return {
    instance_id: input.instance_id,
    addr: input.addr,
    use_tls: input.use_tls ?? false,
    enable_acl: acl,
    user_name: input.user_name ?? '',
    password: input.password ?? '',
  }
}

/** New Kafka credentials: the user name and password given replace the old ones; SASL connections cannot lose the user name. */
export function updatedKafkaDetail(
  current: Static<typeof KafkaDetail>,
  input: NonNullable<Static<typeof UpdateConnectionBody>['kafka_detail']>,
): Static<typeof KafkaDetail> {
  if (input.user_name !== undefined && input.username !== undefined && input.user_name !== input.username) {
    throw EgError.InvalidParameters('kafka_detail.user_name and kafka_detail.username disagree')
  }
  const userName = input.user_name ?? input.username ?? current.user_name
  const password = input.password ?? current.password ?? ''
  if (current.enable_sasl_ssl && userName === '') throw EgError.InvalidParameters('kafka_detail.user_name cannot be empty with SASL_SSL')
  return { ...current, user_name: userName, password }
}
