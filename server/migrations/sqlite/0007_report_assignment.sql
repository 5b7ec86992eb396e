-- The staff member a report is given to (none: anyone of the commune's staff).
alter table reports add column assigned_to bigint references users (id) on delete set null;
