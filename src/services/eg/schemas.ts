import Type from 'typebox'

/**
 * Wire shapes of EventGrid's target connections, service agencies and quotas. Request schemas check types,
 * required fields and lengths (EG.00014000 when they fail); the rules in rules.ts check values (EG.00513000).
 */

export const ProjectParams = Type.Object({ project_id: Type.String() })
export const ConnectionParams = Type.Object({ project_id: Type.String(), connection_id: Type.String() })

const Id = Type.String({ minLength: 1, maxLength: 128 })
const Acks = Type.Union([Type.Literal('0'), Type.Literal('1'), Type.Literal('all')])

/** Both spellings Huawei has published: the SDKs' `sasl_ssl`/`username` and the docs' `enable_sasl_ssl`/`user_name`. */
export const KafkaDetailInput = Type.Object({
  instance_id: Type.String({ minLength: 1, maxLength: 64 }),
  addr: Type.String({ minLength: 1, maxLength: 1024 }),
  security_protocol: Type.Optional(Type.String({ maxLength: 32 })),
  enable_sasl_ssl: Type.Optional(Type.Boolean()),
  sasl_ssl: Type.Optional(Type.Boolean()),
  user_name: Type.Optional(Type.String({ maxLength: 64 })),
  username: Type.Optional(Type.String({ maxLength: 64 })),
  password: Type.Optional(Type.String({ maxLength: 256 })),
  acks: Type.Optional(Acks),
})

export const RocketMqDetailInput = Type.Object({
  instance_id: Type.String({ minLength: 1, maxLength: 64 }),
  addr: Type.String({ minLength: 1, maxLength: 1024 }),
  use_tls: Type.Optional(Type.Boolean()),
  enable_acl: Type.Optional(Type.Boolean()),
  user_name: Type.Optional(Type.String({ maxLength: 64 })),
  password: Type.Optional(Type.String({ maxLength: 256 })),
})

export const ConnectionTypeSchema = Type.Union([Type.Literal('WEBHOOK'), Type.Literal('KAFKA'), Type.Literal('ROCKETMQ')])

export const CreateConnectionBody = Type.Object({
  // Name rules (characters, `default`) are value rules, checked in rules.ts.
  name: Type.String(),
  description: Type.Optional(Type.String({ maxLength: 255 })),
  vpc_id: Id,
  subnet_id: Id,
  type: Type.Optional(ConnectionTypeSchema),
  kafka_detail: Type.Optional(KafkaDetailInput),
  rocketmq_detail: Type.Optional(RocketMqDetailInput),
})

export const UpdateConnectionBody = Type.Object({
  description: Type.Optional(Type.String({ maxLength: 255 })),
  kafka_detail: Type.Optional(
    Type.Object({
      user_name: Type.Optional(Type.String({ maxLength: 64 })),
      username: Type.Optional(Type.String({ maxLength: 64 })),
      password: Type.Optional(Type.String({ maxLength: 256 })),
    }),
  ),
  rocketmq_detail: Type.Optional(RocketMqDetailInput),
})

export const ListConnectionsQuery = Type.Object({
  // Huawei's docs cap offset at 100, which would stop Terraform's own paging (limit=500, offset=N): not enforced.
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 15 })),
  sort: Type.Optional(Type.String({ default: 'created_time:DESC' })),
  name: Type.Optional(Type.String()),
  fuzzy_name: Type.Optional(Type.String()),
  instance_id: Type.Optional(Type.String()),
})

/** The Kafka settings kept (rules.ts), in the documented spelling. */
export const KafkaDetail = Type.Object({
  instance_id: Type.String(),
  addr: Type.String(),
  security_protocol: Type.String(),
  enable_sasl_ssl: Type.Boolean(),
  user_name: Type.String(),
  // Absent from connections stored before passwords were kept.
  password: Type.Optional(Type.String()),
  acks: Type.String(),
})

/**
 * The Kafka settings as answered: the user name under both names, because Terraform's `eg_connection`
 * resource reads the SDKs' `username` and its `eg_connections` data source reads the docs' `user_name`.
 */
export const KafkaDetailView = Type.Object({ ...KafkaDetail.properties, username: Type.String() })

export const RocketMqDetail = Type.Object({
  instance_id: Type.String(),
  addr: Type.String(),
  use_tls: Type.Boolean(),
  enable_acl: Type.Boolean(),
  user_name: Type.String(),
  password: Type.Optional(Type.String()),
})

export const Connection = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  status: Type.String(),
  error_info: Type.Object({
    error_code: Type.Optional(Type.String()),
    error_detail: Type.Optional(Type.String()),
    error_msg: Type.Optional(Type.String()),
  }),
  vpc_id: Type.String(),
  subnet_id: Type.String(),
  agency: Type.String(),
  flavor: Type.Object({
    name: Type.String(),
    concurrency_type: Type.String(),
    concurrency: Type.Integer(),
    bandwidth_type: Type.String(),
  }),
  type: Type.String(),
  kafka_detail: Type.Optional(KafkaDetailView),
  rocketmq_detail: Type.Optional(RocketMqDetail),
  created_time: Type.String(),
  updated_time: Type.String(),
})

export const ConnectionList = Type.Object({ total: Type.Integer(), size: Type.Integer(), items: Type.Array(Connection) })

export const AgencyType = Type.Union([
  Type.Literal('TARGET_CONNECTION'),
  Type.Literal('CUSTOM_SOURCE_RABBITMQ'),
  Type.Literal('EG_RESTORE_AGENCY'),
])
export const CreateAgenciesBody = Type.Object({ type: AgencyType })
export const ListAgenciesQuery = Type.Object({ type: AgencyType })
export const AgencyList = Type.Object({ agencies: Type.Array(Type.String()) })

/** Every quota type Huawei's ListQuotas documents; linkplane counts CONNECTION only (see quotas.ts). */
export const QuotaType = Type.Union([
  Type.Literal('CONNECTION'),
  Type.Literal('CHANNEL'),
  Type.Literal('CHANNEL_SUBSCRIPTION'),
  Type.Literal('SOURCE'),
  Type.Literal('SUBSCRIPTION'),
  Type.Literal('SUBSCRIPTION_TARGET'),
  Type.Literal('SCHEMA'),
  Type.Literal('SCHEMA_VERSION'),
  Type.Literal('PRIVATE_ENDPOINT'),
  Type.Literal('SOURCE_RABBITMQ'),
  Type.Literal('SOURCE_ROCKETMQ'),
])
export const ListQuotasQuery = Type.Object({ type: Type.Optional(QuotaType) })
export const QuotaList = Type.Object({
  quotas: Type.Object({
    resources: Type.Array(
      Type.Object({
        name: Type.String(),
        type: Type.String(),
        quota: Type.Integer(),
        used: Type.Integer(),
        max: Type.Integer(),
        min: Type.Integer(),
      }),
    ),
  }),
})
