-- Offline reports, announcements and push notifications.

-- A report sent from the phone's outbox carries an idempotency key: sent again
-- after a lost answer, it is recognised (same reporter, same key) and not filed
-- twice. The digest of what it said tells a true retry from a reused key.
alter table reports add column client_key text;
alter table reports add column client_digest text;
create unique index reports_by_client_key on reports (reporter_id, client_key)
    where client_key is not null;

-- Announcements (thông báo) of a commune: urgent alerts, notices and events,
-- for the whole commune or for some of its villages, until they expire.
create table announcements (
    id bigint generated always as identity primary key,
    commune_code bigint not null references communes (code),
    kind text not null check (kind in ('alert', 'notice', 'event')),
    title text not null,
    body text not null,
    -- null: until staff withdraw it
    expires_at bigint,
    author_id bigint references users (id) on delete set null,
    withdrawn_at bigint,
    created_at bigint not null,
    updated_at bigint not null
);

create index announcements_by_commune on announcements (commune_code, created_at);

-- None: the whole commune.
create table announcement_villages (
    announcement_id bigint not null references announcements (id) on delete cascade,
    village_id bigint not null references villages (id) on delete cascade,
    primary key (announcement_id, village_id)
);

-- The notification centre lists announcements too: a notification is about a
-- report or about an announcement.
alter table notifications alter column report_id drop not null;
alter table notifications add column announcement_id bigint references announcements (id) on delete cascade;
alter table notifications drop constraint notifications_kind_check;
alter table notifications add constraint notifications_kind_check
    check (kind in ('status', 'reply', 'announcement'));
alter table notifications add constraint notifications_subject
    check ((report_id is null) <> (announcement_id is null));

-- The server's VAPID key pair (RFC 8292), made at first start: push services
-- accept messages signed with it for the subscriptions made with its public key.
create table push_vapid (
    id bigint primary key check (id = 1),
    -- base64url, no padding: the P-256 private scalar and the uncompressed point
    private_key text not null,
    public_key text not null,
    created_at bigint not null
);

-- A phone (browser) that receives push messages for a person, and the topics
-- turned on for it.
create table push_subscriptions (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id) on delete cascade,
    endpoint text not null unique,
    -- base64url: the browser's P-256 public key and its 16-byte auth secret (RFC 8291)
    p256dh text not null,
    auth text not null,
    -- updates of my reports and those I follow
    reports bigint not null default 1 check (reports in (0, 1)),
    -- my commune's announcements
    announcements text not null default 'urgent' check (announcements in ('none', 'urgent', 'all')),
    created_at bigint not null,
    updated_at bigint not null
);

create index push_subscriptions_by_user on push_subscriptions (user_id);

-- Messages waiting to be pushed, written in the transaction of what caused them
-- and sent by a background worker, retried with backoff: a restart loses none.
create table push_jobs (
    id bigint generated always as identity primary key,
    subscription_id bigint not null references push_subscriptions (id) on delete cascade,
    -- what happened, as JSON; the text is written in the person's language when sent
    payload text not null,
    urgency text not null default 'normal' check (urgency in ('normal', 'high')),
    attempts bigint not null default 0,
    next_attempt_at bigint not null,
    -- a worker that took the job holds it until then
    locked_until bigint not null default 0,
    last_error text,
    created_at bigint not null
);

create index push_jobs_due on push_jobs (next_attempt_at);
