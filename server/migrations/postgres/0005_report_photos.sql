-- Photos of reports and of staff replies, as the server re-encoded them: JPEG
-- without any metadata (no GPS, no camera serial), at most 1,600 px on the
-- longest side, with a thumbnail. Kept in the database so that every app server
-- sees them and a database backup holds everything.

create table report_photos (
    id bigint generated always as identity primary key,
    report_id bigint not null references reports (id) on delete cascade,
    -- the reply the photo belongs to; null for the report's own photos
    event_id bigint references report_events (id) on delete cascade,
    position bigint not null default 0,
    data bytea not null,
    thumbnail bytea not null,
    width bigint not null,
    height bigint not null,
    -- moderation: hidden from the public, kept for the audit
    hidden_at bigint,
    created_at bigint not null
);

create index report_photos_by_report on report_photos (report_id, position);
