//! Integration tests: the real app on port 0 against a real database. Run once per
//! engine (see `support::engine`).

mod access;
mod accounts;
mod announcements;
mod backup;
mod cluster;
mod dashboard;
mod demo;
mod directory;
mod directory_edit;
mod hardening;
mod open311;
mod operations;
mod outbox;
mod pages;
mod places;
mod platform;
mod push;
mod render_cache;
mod report_photos;
mod report_settings;
mod reports;
mod staff;
mod support;
mod surveys;
mod voice_notes;
