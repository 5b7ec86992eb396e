-- The demo commune's year of history (`XASO_DEMO`, `server seed-demo`) is
-- marked, like its villages and directory entries, so that `server
-- remove-demo` takes away exactly what the demo made and nothing else.
alter table users add column is_demo bigint not null default 0 check (is_demo in (0, 1));
alter table reports add column is_demo bigint not null default 0 check (is_demo in (0, 1));
alter table surveys add column is_demo bigint not null default 0 check (is_demo in (0, 1));
alter table announcements add column is_demo bigint not null default 0 check (is_demo in (0, 1));
