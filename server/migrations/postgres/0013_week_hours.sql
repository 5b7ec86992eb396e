-- Each service's opening hours as one text, `weekday:opens-closes,…` (minutes
-- after midnight), written with its schedule rows in the same transaction.
-- The directory list shows whether each of its services is open now; building
-- that text per service on every uncached page was two thirds of the list
-- query's time (EXPLAIN on the bench database, issue 20). The schedule rows
-- stay the source the entry page and the HSDS API read.
alter table directory_services add column week_hours text not null default '';

update directory_services set week_hours = coalesce(
    (select string_agg(h.weekday || ':' || h.opens_at || '-' || h.closes_at, ',')
     from directory_schedules h where h.service_id = directory_services.id),
    '');
