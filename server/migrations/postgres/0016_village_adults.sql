-- A village's adult population, entered by the commune admin where known:
-- survey results and the commune dashboard show participation per village
-- (issue 21). Null: not known.
alter table villages add column adults bigint check (adults is null or adults > 0);
