-- The essential-services directory, shaped after Open Referral HSDS: the
-- organizations that run services, the services (with their location kept on
-- the row: an administrative unit and village instead of a postal address),
-- their phones, their weekly schedule and the days they are closed.

create table directory_organizations (
    id bigint generated always as identity primary key,
    commune_code bigint not null references communes (code),
    name text not null,
    description text not null default '',
    is_demo bigint not null default 0 check (is_demo in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null,
    unique (commune_code, name)
);

create table directory_services (
    id bigint generated always as identity primary key,
    commune_code bigint not null references communes (code),
    organization_id bigint references directory_organizations (id) on delete set null,
    area text not null check (area in ('health', 'education', 'security', 'environment', 'culture')),
    kind text not null,
    name text not null,
    -- the name folded for search (lower case, no diacritics, leading space), and
    -- the same for name, kind, description and offers together
    search_name text not null,
    search_text text not null,
    description text not null default '',
    offers text not null default '',
    village_id bigint references villages (id) on delete set null,
    address text not null default '',
    latitude double precision,
    longitude double precision,
    status text not null default 'active' check (status in ('active', 'temporarily_closed')),
    status_note text not null default '',
    verified_at bigint,
    -- archived entries are kept but no longer shown to residents
    archived_at bigint,
    is_demo bigint not null default 0 check (is_demo in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null
);

create index directory_services_by_commune on directory_services (commune_code, area, name);

create table directory_phones (
    id bigint generated always as identity primary key,
    service_id bigint not null references directory_services (id) on delete cascade,
    number text not null,
    label text not null default '',
    position bigint not null default 0
);

create index directory_phones_by_service on directory_phones (service_id);

create table directory_schedules (
    id bigint generated always as identity primary key,
    service_id bigint not null references directory_services (id) on delete cascade,
    -- 1 Monday … 7 Sunday; minutes after midnight, Vietnam time
    weekday bigint not null check (weekday between 1 and 7),
    opens_at bigint not null,
    closes_at bigint not null check (closes_at > opens_at)
);

create index directory_schedules_by_service on directory_schedules (service_id);

create table directory_closures (
    id bigint generated always as identity primary key,
    service_id bigint not null references directory_services (id) on delete cascade,
    -- yyyy-mm-dd in Vietnam
    on_date text not null,
    note text not null default ''
);

create index directory_closures_by_service on directory_closures (service_id);
