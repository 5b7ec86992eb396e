-- Satisfaction surveys (lấy ý kiến sự hài lòng): what a commune asks, who may
-- answer, and the answers. Timestamps are UTC epoch milliseconds; dates are
-- yyyy-mm-dd in Vietnam time; flags are 0/1 integers.

create table surveys (
    id integer primary key autoincrement,
    commune_code bigint not null references communes (code),
    title text not null,
    intro text not null default '',
    -- answers are taken from the first day to the last, both included
    opens_on text not null,
    closes_on text not null,
    -- anonymous: no answer is linked to a person, only to a hash (see salt)
    anonymous bigint not null default 0 check (anonymous in (0, 1)),
    -- the labels of the satisfaction scale, lowest first, one per line
    scale text not null,
    -- hashed with a person's id into the key that allows one response each
    salt text not null,
    published_at bigint,
    results_published_at bigint,
    created_by bigint references users (id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null
);

create index surveys_by_commune on surveys (commune_code, opens_on);

-- The villages a survey is for; none: the whole commune.
create table survey_villages (
    survey_id bigint not null references surveys (id) on delete cascade,
    village_id bigint not null references villages (id) on delete cascade,
    primary key (survey_id, village_id)
);

create table survey_questions (
    id integer primary key autoincrement,
    survey_id bigint not null references surveys (id) on delete cascade,
    position bigint not null,
    kind text not null check (kind in ('scale', 'single', 'multiple', 'short_text', 'long_text', 'matrix')),
    prompt text not null,
    required bigint not null default 0 check (required in (0, 1)),
    -- the choices, or a matrix's rows (criteria), one per line
    options text not null default '',
    created_at bigint not null,
    updated_at bigint not null
);

create index survey_questions_by_survey on survey_questions (survey_id, position);

-- One response per person and survey. `respondent` is `u{user id}`, or for an
-- anonymous survey a SHA-256 of the survey's salt and the person's id: enough
-- to find and replace the person's own response, never shown or exported.
create table survey_responses (
    id integer primary key autoincrement,
    survey_id bigint not null references surveys (id) on delete cascade,
    respondent text not null,
    -- null for anonymous surveys
    user_id bigint references users (id) on delete set null,
    -- the person's village when they answered, for the breakdown by village
    village_id bigint references villages (id) on delete set null,
    -- null while it is a draft (saved progress, not counted)
    submitted_at bigint,
    created_at bigint not null,
    updated_at bigint not null,
    unique (survey_id, respondent)
);

-- An answer: for a scale, `choice` is the level (1 = lowest); for a matrix the
-- same per row (`item` = row, from 0); for a single choice the option (from 0);
-- for multiple choice one row per option ticked; text in `text` (choice 0).
create table survey_answers (
    response_id bigint not null references survey_responses (id) on delete cascade,
    question_id bigint not null references survey_questions (id) on delete cascade,
    item bigint not null default 0,
    choice bigint not null default 0,
    text text not null default '',
    primary key (response_id, question_id, item, choice)
);

create index survey_answers_by_question on survey_answers (question_id, item, choice);

-- The commune's adult population, which the participation rate divides by.
create table commune_population (
    commune_code bigint primary key references communes (code),
    adults bigint not null check (adults > 0),
    updated_by bigint references users (id) on delete set null,
    created_at bigint not null,
    updated_at bigint not null
);
