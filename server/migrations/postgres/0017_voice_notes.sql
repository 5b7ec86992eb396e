-- Voice notes of reports and of staff replies (issue 21): Opus audio in WebM
-- or Ogg, as the browser recorded it, at most 1 MB and 60 seconds (the server
-- read both from the bytes before storing). One per report, one per reply. A
-- voice note is hidden with the text it goes with (reports.text_hidden_at,
-- report_events.hidden_at): moderation hides what a person said, however it
-- was said.

create table report_voice_notes (
    id bigint generated always as identity primary key,
    report_id bigint not null references reports (id) on delete cascade,
    -- the reply it belongs to; null for the report's own voice note
    event_id bigint references report_events (id) on delete cascade,
    data bytea not null,
    container text not null check (container in ('webm', 'ogg')),
    duration_ms bigint not null check (duration_ms > 0 and duration_ms <= 60000),
    created_at bigint not null
);

create index report_voice_notes_by_report on report_voice_notes (report_id);
