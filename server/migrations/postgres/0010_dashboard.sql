-- What the dashboards count, kept when it happens so that the figures are
-- aggregate queries: how long a report waited in working minutes (the clock
-- deadlines use, which SQL cannot compute), whether its reporter reopened it,
-- and which communes the province marks as smart-village pilots.

-- Working minutes from filing to the first staff step out of `new`.
alter table reports add column acknowledge_minutes bigint;
-- Working minutes from filing to the (latest) resolution.
alter table reports add column resolve_minutes bigint;
-- How many times the reporter said "not fixed yet".
alter table reports add column reopened bigint not null default 0;

alter table communes add column smart_pilot bigint not null default 0 check (smart_pilot in (0, 1));

create index reports_by_commune_status on reports (commune_code, status);
create index reports_by_commune_village on reports (commune_code, village_id, created_at);
create index survey_responses_by_submitted on survey_responses (submitted_at);
