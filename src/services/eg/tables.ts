import type { Revisioned } from '../../platform/item-cache.js'

/** EventGrid's tables (see VPC_TABLES). */
export const EG_TABLES = ['eg_connections', 'eg_service_agencies', 'eg_quota_usage'] as const satisfies ReadonlyArray<keyof EgTables>

/** Rows of the EventGrid tables (migration 0005-eg; connections' revision: 0020). JSON columns hold text. */
export interface EgTables {
  eg_connections: EgConnectionRow & Revisioned
  eg_service_agencies: EgServiceAgencyRow
  eg_quota_usage: EgQuotaUsageRow
}

export type ConnectionType = 'WEBHOOK' | 'KAFKA' | 'ROCKETMQ'
export type ConnectionStatus = 'CREATING' | 'CREATED' | 'CREATE_FAILED'

export interface EgConnectionRow {
  id: string
  project_id: string
  name: string
  description: string
  type: ConnectionType
  vpc_id: string
  subnet_id: string
  status: ConnectionStatus
  /** The service agency the connection acts through (EG_DELEGATE_FG_AGENCY). */
  agency: string
  /** The Kafka or RocketMQ instance; '' for WEBHOOK. */
  instance_id: string
  /** The broker settings (KafkaDetail or RocketMqDetail in rules.ts) as JSON; '' for WEBHOOK. */
  detail: string
  /** `{error_code, error_detail, error_msg}` as JSON once CREATE_FAILED, else '{}'. */
  error_info: string
  /** The address the connection's endpoint holds in its subnet, once CREATED. */
  endpoint_ip: string
  created_at: string
  updated_at: string
}

/** The agencies a project authorised EventGrid to use (CreateAgencies), one row per scenario type. */
export interface EgServiceAgencyRow {
  project_id: string
  type: string
  created_at: string
}

/** How much of a quota a project uses; the quota check is one conditional UPDATE of this row. */
export interface EgQuotaUsageRow {
  project_id: string
  type: string
  used: number
}
