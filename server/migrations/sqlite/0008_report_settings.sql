-- What a commune admin sets for the handling of reports: the working time that
-- deadlines count (hours per weekday and days off), reply templates per
-- category, and the keys other systems use to file reports through Open311.
-- Also moderation (staff hide a text or a photo from the public; the original
-- stays here and in the audit log) and where a report came from.

-- Working periods per weekday (1 Monday … 7 Sunday), in minutes after midnight,
-- Vietnam time. A commune without rows works government hours.
create table report_working_hours (
    commune_code bigint not null references communes (code),
    weekday bigint not null check (weekday between 1 and 7),
    opens bigint not null,
    closes bigint not null,
    primary key (commune_code, weekday, opens)
);

-- Days the commune office does not work (public holidays, make-up days off).
create table report_holidays (
    commune_code bigint not null references communes (code),
    -- yyyy-mm-dd, Vietnam
    day text not null,
    note text not null default '',
    primary key (commune_code, day)
);

create table reply_templates (
    id integer primary key autoincrement,
    commune_code bigint not null references communes (code),
    -- null: offered for every category
    category_id bigint references report_categories (id) on delete cascade,
    title text not null,
    body text not null,
    created_at bigint not null
);

create index reply_templates_by_commune on reply_templates (commune_code, category_id);

-- Open311 api_key: only its SHA-256 is kept; the key is shown once.
create table open311_keys (
    id integer primary key autoincrement,
    commune_code bigint not null references communes (code),
    -- who uses it ("Zalo OA của xã", "Tổng đài 1022")
    name text not null,
    key_hash text not null unique,
    created_by bigint references users (id) on delete set null,
    created_at bigint not null,
    revoked_at bigint
);

-- Moderation of the report's own text, and of replies.
alter table reports add column text_hidden_at bigint;
alter table report_events add column hidden_at bigint;
-- Reports filed by another system through Open311.
alter table reports add column api_key_id bigint references open311_keys (id);
alter table reports add column address text not null default '';
