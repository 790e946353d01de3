/** Fault injection's tables (see VPC_TABLES in services/vpc/tables.ts). */
export const FAULT_TABLES = ['fault_rules'] as const satisfies ReadonlyArray<keyof FaultTables>

/** Rows of the fault rules table (migration 0050-fault-rules). */
export interface FaultTables {
  fault_rules: {
    id: string
    /** The rule as JSON (FaultSpec in spec.ts). */
    spec: string
    /** How many requests it answered and transitions it held back or failed. */
    hits: number
    created_at: string
  }
}
