import { SqliteAdapter, sql, type Kysely } from 'kysely'

/**
 * The addresses a subnet holds for itself (its gateway and DHCP ports, `device_id` = the subnet's id) no
 * longer move the subnet's revision (0020). They are written in the transaction that creates the subnet,
 * before anyone can have read and cached it, and removed only with it: bumping the revision for them was
 * an update of the new row and its page index per address, a third of a CreateSubnet's SQL time.
 */
export async function up(db: Kysely<any>): Promise<void> {
  if (db.getExecutor().adapter instanceof SqliteAdapter) {
    await sql`drop trigger ip_allocations_insert_subnet_revision`.execute(db)
    await sql`drop trigger ip_allocations_delete_subnet_revision`.execute(db)
    await sql`create trigger ip_allocations_insert_subnet_revision after insert on ip_allocations for each row
      when new.device_id <> new.subnet_id
      begin update subnets set revision = revision + 1 where id = new.subnet_id; end`.execute(db)
    await sql`create trigger ip_allocations_delete_subnet_revision after delete on ip_allocations for each row
      when old.device_id <> old.subnet_id
      begin update subnets set revision = revision + 1 where id = old.subnet_id; end`.execute(db)
  } else {
    await sql`create or replace function linkplane_subnet_addresses_changed() returns trigger language plpgsql as $$
      begin
        if tg_op = 'DELETE' then
          if old.device_id <> old.subnet_id then update subnets set revision = revision + 1 where id = old.subnet_id; end if;
        elsif new.device_id <> new.subnet_id then
          update subnets set revision = revision + 1 where id = new.subnet_id;
        end if;
        return null;
      end $$`.execute(db)
  }
}
