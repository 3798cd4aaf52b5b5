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

/// The tray menu's words, in the app's language (English until the user picks one).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrayText {
    /// "3 messages waiting to go out", or that nothing is waiting.
    pub waiting: String,
    pub open: String,
    pub quit: String,
}

impl Duly {
    /// The tray menu's words for `waiting` queued messages (see [`Self::outbox_waiting`]).
    pub fn tray_text(&self, waiting: u32) -> ApiResult<TrayText> {
        let language = self.preferences_get()?.ui_language.unwrap_or(crate::Language::En);
        Ok(tray_text(language, waiting))
    }
}

fn tray_text(language: crate::Language, n: u32) -> TrayText {
    use crate::Language::{En, Id, Ro};
    let waiting = match (language, n) {
        (En, 0) => "Nothing waiting to go out".to_owned(),
        (En, 1) => "1 message waiting to go out".to_owned(),
        (En, n) => format!("{n} messages waiting to go out"),
        (Id, 0) => "Tidak ada pesan yang menunggu dikirim".to_owned(),
        (Id, n) => format!("{n} pesan menunggu dikirim"),
        (Ro, 0) => "Niciun mesaj nu așteaptă să plece".to_owned(),
        (Ro, 1) => "1 mesaj așteaptă să plece".to_owned(),
        (Ro, n) if duly_core::romanian_takes_de(n.into()) => format!("{n} de mesaje așteaptă să plece"),
        (Ro, n) => format!("{n} mesaje așteaptă să plece"),
    };
    let (open, quit) = match language {
        En => ("Open Duly", "Quit"),
        Id => ("Buka Duly", "Keluar"),
        Ro => ("Deschide Duly", "Ieșire"),
    };
    TrayText { waiting, open: open.to_owned(), quit: quit.to_owned() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Language;

    #[test]
    fn the_waiting_count_reads_naturally_in_each_language() {
        assert_eq!(tray_text(Language::En, 0).waiting, "Nothing waiting to go out");
        assert_eq!(tray_text(Language::En, 1).waiting, "1 message waiting to go out");
        assert_eq!(tray_text(Language::En, 3).waiting, "3 messages waiting to go out");
        assert_eq!(tray_text(Language::Id, 3).waiting, "3 pesan menunggu dikirim");
        assert_eq!(tray_text(Language::Ro, 3).waiting, "3 mesaje așteaptă să plece");
        assert_eq!(tray_text(Language::Ro, 21).waiting, "21 de mesaje așteaptă să plece");
        assert_eq!(tray_text(Language::Ro, 1).quit, "Ieșire");
    }
}
