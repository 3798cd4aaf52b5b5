//! `close_keeps_running` and `outbox_waiting`: what the desktop shell asks when its window is
//! closed and when it refreshes its tray menu. Queued mail goes out only while Duly runs, so a
//! window closed with mail still waiting must not silently stop it; with nothing waiting,
//! closing the window quits Duly as the user expects.

use duly_store::outbox as table;

use crate::{ApiResult, Duly};

impl Duly {
    /// Messages queued that will go out by themselves (held ones wait for the user and do not
    /// count): "3 messages waiting to go out".
    pub fn outbox_waiting(&self) -> ApiResult<u32> {
        Ok(table::count_waiting(self.conn())?)
    }

    /// Whether closing the window should leave Duly running (hidden, in the tray) rather than
    /// quit: only when the user kept "keep sending in the background" on *and* something is
    /// waiting to go out.
    pub fn close_keeps_running(&self) -> ApiResult<bool> {
        Ok(self.preferences_get()?.keep_sending_in_background && self.outbox_waiting()? > 0)
    }
}
