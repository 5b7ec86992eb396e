-- Community monitoring reports (phản ánh): what residents report, the categories
-- a commune sorts them into, and the timeline of each report (status changes,
-- public replies, internal notes). Field names follow Open311 GeoReport v2 where
-- it has one. Timestamps are UTC epoch milliseconds.

create table report_categories (
    id integer primary key autoincrement,
    commune_code bigint not null references communes (code),
    -- Open311 `service_code`: stable within the commune
    code text not null,
    name text not null,
    -- working days to resolve a report of this category
    resolve_days bigint not null default 5 check (resolve_days between 1 and 90),
    position bigint not null default 0,
    created_at bigint not null,
    unique (commune_code, code)
);

create table reports (
    id integer primary key autoincrement,
    -- the tracking code people quote: HY-2026-000123
    code text not null unique,
    commune_code bigint not null references communes (code),
    category_id bigint not null references report_categories (id),
    reporter_id bigint references users (id) on delete set null,
    description text not null,
    village_id bigint references villages (id) on delete set null,
    latitude real,
    longitude real,
    hide_name bigint not null default 0 check (hide_name in (0, 1)),
    urgent bigint not null default 0 check (urgent in (0, 1)),
    status text not null default 'new' check (status in ('new', 'acknowledged', 'in_progress',
        'resolved', 'closed', 'not_responsible', 'duplicate', 'rejected')),
    acknowledge_by bigint not null,
    resolve_by bigint not null,
    acknowledged_at bigint,
    resolved_at bigint,
    duplicate_of bigint references reports (id),
    rating bigint check (rating between 1 and 5),
    rating_comment text not null default '',
    created_at bigint not null,
    updated_at bigint not null
);

create index reports_by_commune on reports (commune_code, created_at);
create index reports_by_reporter on reports (reporter_id, created_at);

create table report_events (
    id integer primary key autoincrement,
    report_id bigint not null references reports (id) on delete cascade,
    actor_id bigint references users (id) on delete set null,
    kind text not null check (kind in ('filed', 'status', 'reply', 'note')),
    -- for a status change, the status it changed to
    status text,
    body text not null default '',
    -- internal notes are never shown to residents
    public bigint not null default 1 check (public in (0, 1)),
    created_at bigint not null
);

create index report_events_by_report on report_events (report_id, created_at);

create table report_followers (
    report_id bigint not null references reports (id) on delete cascade,
    user_id bigint not null references users (id) on delete cascade,
    created_at bigint not null,
    primary key (report_id, user_id)
);
