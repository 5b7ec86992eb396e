-- A report its reporter reopens ("not fixed yet") gets a new resolve deadline
-- counted from the reopening, by its category's target, instead of keeping
-- the first one, which has usually passed: it would be overdue, and escalate,
-- the moment it came back (issue 21).

-- When the reporter last reopened it: the clock its next resolution is timed
-- on for the dashboards (`resolve_minutes`).
alter table reports add column reopened_at bigint;
-- For a status change that set a new deadline (a reopening), that deadline,
-- shown in the report's timeline.
alter table report_events add column resolve_by bigint;
