//! The user's own settings and the app around them: business details, preferences, the ladder's
//! terms and templates, backups, demo data, launch and background.

pub(crate) mod app;
pub(crate) mod background;
pub(crate) mod backup;
pub(crate) mod business;
pub(crate) mod demo;
pub(crate) mod demo_remove;
pub(crate) mod ladder_settings;
pub(crate) mod launch;
pub(crate) mod preferences;
