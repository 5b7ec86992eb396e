-- Hardening: one table of attempts for every throttle and rate limit, push
-- that cannot be flooded, and anonymous survey responses without exact times.

-- Every check of a secret (sign-in, password change, account deletion, reset
-- code) and every write anyone can send (sign-up, report upload, Open311 POST,
-- push subscription) is recorded here before it is checked or done; a request
-- then counts the rows of its bucket and key within the window. Because the
-- row is written first, requests that arrive at the same moment, on one app
-- server or several, all see each other and at most the limit get through.
create table attempts (
    id bigint generated always as identity primary key,
    -- what is limited: 'sign-in-phone', 'sign-in-address', 'sign-up-address', …
    bucket text not null,
    -- who: a phone number, an address, an account id, an API key's id
    key text not null,
    created_at bigint not null
);

create index attempts_by_key on attempts (bucket, key, created_at);
create index attempts_by_age on attempts (created_at);

-- Replaced by attempts (bucket 'sign-in-phone' and 'sign-in-address').
drop table sign_in_failures;

-- A subscription whose push service keeps failing is dropped after a few
-- messages in a row fail for good.
alter table push_subscriptions add column failures bigint not null default 0;

-- Urgent alerts go out before other messages: 0 urgent, 1 the rest.
alter table push_jobs add column priority bigint not null default 1;
create index push_jobs_by_priority on push_jobs (priority, next_attempt_at);

-- Anonymous responses keep the day they were written (Vietnam time), never the
-- moment: times could be matched with other records (sessions, logs) to tell
-- who answered.
update survey_responses set
    created_at = created_at - ((created_at + 25200000) % 86400000),
    updated_at = updated_at - ((updated_at + 25200000) % 86400000),
    submitted_at = submitted_at - ((submitted_at + 25200000) % 86400000)
where survey_id in (select id from surveys where anonymous = 1);
