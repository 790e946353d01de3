/** The lifecycle's tables (see VPC_TABLES in services/vpc/tables.ts). */
export const LIFECYCLE_TABLES = ['lifecycle_tasks'] as const satisfies ReadonlyArray<keyof LifecycleTables>

/** Rows of the lifecycle table (migration 0002-lifecycle). */
export interface LifecycleTables {
  lifecycle_tasks: {
    id: string
    /** Which transition to run: `<service>.<transition>`, e.g. `vpc.vpc-ready`. */
    kind: string
    resource_id: string
    due_at: string
    created_at: string
  }
}
