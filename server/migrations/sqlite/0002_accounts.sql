-- Accounts: people (residents and staff), their sessions, their roles, sign-in
-- failures (for throttling), one-time reset codes, and the audit log of staff
-- actions. Timestamps are UTC epoch milliseconds.

create table users (
    id integer primary key autoincrement,
    -- normalised +84…; null once the account is deleted (the row stays so that
    -- the person's reports keep an author, anonymised)
    phone text unique,
    name text not null,
    -- Argon2id PHC string; empty once the account is deleted
    password_hash text not null,
    home_commune bigint references communes (code),
    village_id bigint references villages (id) on delete set null,
    lang text not null default 'vi',
    deleted_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);

create table sessions (
    -- SHA-256 of the random token in the cookie: a stolen database yields no
    -- usable session
    token_hash text primary key,
    user_id bigint not null references users (id) on delete cascade,
    expires_at bigint not null,
    created_at bigint not null
);

create index sessions_by_user on sessions (user_id);

-- A person holds at most one role beyond resident: staff or admin of one commune,
-- officer of one province, or system administrator.
create table appointments (
    user_id bigint primary key references users (id) on delete cascade,
    role text not null check (role in ('commune_staff', 'commune_admin', 'province_officer', 'system_admin')),
    commune_code bigint references communes (code),
    province_code bigint references provinces (code),
    appointed_by bigint references users (id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null
);

create index appointments_by_commune on appointments (commune_code);
create index appointments_by_province on appointments (province_code);

create table sign_in_failures (
    id integer primary key autoincrement,
    phone text not null,
    address text not null,
    created_at bigint not null
);

create index sign_in_failures_by_phone on sign_in_failures (phone, created_at);
create index sign_in_failures_by_address on sign_in_failures (address, created_at);

create table reset_codes (
    id integer primary key autoincrement,
    user_id bigint not null references users (id) on delete cascade,
    code_hash text not null,
    issued_by bigint references users (id) on delete set null,
    expires_at bigint not null,
    used_at bigint,
    created_at bigint not null
);

create index reset_codes_by_user on reset_codes (user_id);

create table audit_log (
    id integer primary key autoincrement,
    -- where the action belongs: a commune, or a province for province-wide actions
    commune_code bigint references communes (code),
    province_code bigint references provinces (code),
    actor_id bigint references users (id) on delete set null,
    action text not null,
    subject_id bigint references users (id) on delete set null,
    -- what else identifies the action (a village's name, a commune's code)
    detail text not null default '',
    created_at bigint not null
);

create index audit_log_by_commune on audit_log (commune_code, created_at);
create index audit_log_by_province on audit_log (province_code, created_at);
