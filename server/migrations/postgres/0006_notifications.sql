-- In-app notifications: each public reply and status change of a report, for its
-- reporter and followers (not for whoever made the change).

create table notifications (
    id bigint generated always as identity primary key,
    user_id bigint not null references users (id) on delete cascade,
    report_id bigint not null references reports (id) on delete cascade,
    kind text not null check (kind in ('status', 'reply')),
    -- for a status change, the status it changed to
    status text,
    created_at bigint not null,
    read_at bigint
);

create index notifications_by_user on notifications (user_id, read_at, created_at);
