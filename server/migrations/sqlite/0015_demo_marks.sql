-- The demo commune's year of history (`XASO_DEMO`, `server seed-demo`) is
-- marked, like its villages and directory entries, so that `server
-- remove-demo` takes away exactly what the demo made and nothing else.
alter table users add column is_demo bigint not null default 0 check (is_demo in (0, 1));
alter table reports add column is_demo bigint not null default 0 check (is_demo in (0, 1));
alter table surveys add column is_demo bigint not null default 0 check (is_demo in (0, 1));
alter table announcements add column is_demo bigint not null default 0 check (is_demo in (0, 1));

-- The demo accounts seeded before this mark existed: the demo numbers with
-- the demo roles (a real person with one of these numbers has another role).
update users set is_demo = 1
where (phone = '+84900000001' and id in
        (select user_id from appointments where role = 'commune_admin' and commune_code = 12364))
   or (phone = '+84900000002' and id in
        (select user_id from appointments where role = 'province_officer' and province_code = 33));
