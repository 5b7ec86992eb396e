-- Places: the official provinces and communes (statistics-office codes as keys),
-- and the villages each commune defines. Timestamps are UTC epoch milliseconds;
-- flags are 0/1 integers, as in the SQLite schema, so the same queries serve both.

create table provinces (
    code bigint primary key,
    name text not null,
    division_type text not null,
    -- the name folded for search: lower case, no diacritics, leading space
    search_name text not null,
    created_at bigint not null,
    updated_at bigint not null
);

create table communes (
    code bigint primary key,
    province_code bigint not null references provinces (code),
    name text not null,
    division_type text not null,
    search_name text not null,
    -- a commune "joins" when a province officer enables it
    enabled bigint not null default 0 check (enabled in (0, 1)),
    enabled_at bigint,
    is_demo bigint not null default 0 check (is_demo in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null
);

create index communes_by_province on communes (province_code, name);

create table villages (
    id bigint generated always as identity primary key,
    commune_code bigint not null references communes (code),
    name text not null,
    kind text not null check (kind in ('thon', 'to_dan_pho')),
    search_name text not null,
    is_demo bigint not null default 0 check (is_demo in (0, 1)),
    created_at bigint not null,
    updated_at bigint not null,
    unique (commune_code, name)
);
