//! OS notifications: "N follow-ups are ready today" when Duly starts or the day changes, "a
//! message to … could not be sent" after a pass that failed one, and "autopilot sent …" after a
//! pass that sent automatic messages. duly-api decides what to say
//! and when (`followups_notice` remembers the day in the database); this only shows it.
//!
//! A desktop without a notification service (a bare X server, a D-Bus session without a
//! notification daemon) makes showing fail: that is logged once and otherwise ignored, because
//! a notification is a courtesy and the same facts are on the Today and Outbox pages.

use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::NaiveDate;
use duly_api::{Duly, Notice, OutboxRunReport};
use tauri::AppHandle;
use tauri_plugin_notification::NotificationExt;

pub fn plugin() -> tauri::plugin::TauriPlugin<tauri::Wry> {
    tauri_plugin_notification::init()
}

/// The sender thread's notifier: which day it last looked at, and whether it already said that
/// notifications do not work here.
#[derive(Default)]
pub struct Notifier {
    checked: Option<NaiveDate>,
    complained: bool,
}

impl Notifier {
    /// Called after every successful sender pass, on the sender's own handle.
    pub fn after_pass(&mut self, app: &AppHandle, duly: &mut Duly, report: &OutboxRunReport) {
        // A bug here must not end sending: caught and logged like a pass's.
        let notices = catch_unwind(AssertUnwindSafe(|| self.notices(duly, report)));
        match notices {
            Ok(notices) => notices.iter().for_each(|n| self.show(app, n)),
            Err(_) => log::error!("Duly's notifications: choosing what to say failed unexpectedly"),
        }
    }

    fn notices(&mut self, duly: &mut Duly, report: &OutboxRunReport) -> Vec<Notice> {
        let mut notices = Vec::new();
        let today = duly.today();
        if self.checked != Some(today) {
            self.checked = Some(today);
            match duly.followups_notice() {
                Ok(Some(n)) => notices.push(n),
                Ok(None) => {}
                Err(e) => log::error!("Duly's notifications: {}", e.message),
            }
        }
        notices.extend(report.failed_to.iter().filter_map(|to| duly.send_failed_notice(to).ok()));
        // What autopilot sent, each message told once.
        if report.sent > 0 {
            match duly.autopilot_notice() {
                Ok(Some(n)) => notices.push(n),
                Ok(None) => {}
                Err(e) => log::error!("Duly's notifications: {}", e.message),
            }
        }
        notices
    }

    fn show(&mut self, app: &AppHandle, notice: &Notice) {
        if let Err(e) = app.notification().builder().title(&notice.title).body(&notice.body).show()
            && !std::mem::replace(&mut self.complained, true)
        {
            log::warn!("Duly cannot show notifications here ({e}); the Today and Outbox pages say the same");
        }
    }
}
