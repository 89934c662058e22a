//! The transfer progress bar of `lpr`: shown only for large transfers, only
//! when standard error is a terminal, never with `--quiet`.

use super::ui::Ui;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::time::Duration;

/// Transfers smaller than this finish too fast for a bar to help.
pub const MIN_BYTES: u64 = 4 * 1024 * 1024;

/// A progress bar, or nothing when one would not help.
#[derive(Debug)]
pub struct Progress(Option<ProgressBar>);

impl Progress {
    /// A bar for `total` bytes (`None`: unknown, e.g. streamed stdin).
    pub fn new(ui: &Ui, total: Option<u64>) -> Progress {
        let wanted = ui.stderr_tty && !ui.quiet && total.is_none_or(|t| t >= MIN_BYTES);
        if !wanted {
            return Progress(None);
        }
        let bar = match total {
            Some(t) => ProgressBar::with_draw_target(Some(t), ProgressDrawTarget::stderr()),
            None => ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
        };
        let template = match (total.is_some(), ui.color) {
            (true, true) => {
                "{prefix}: {bar:30.cyan/blue} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}"
            }
            (true, false) => "{prefix}: {bar:30} {bytes}/{total_bytes} {bytes_per_sec} eta {eta}",
            (false, _) => "{prefix}: {spinner} {bytes} {bytes_per_sec}",
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_prefix(ui.tool);
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress(Some(bar))
    }

    /// Records that `sent` bytes in all have been sent.
    pub fn set(&self, sent: u64) {
        if let Some(b) = &self.0 {
            b.set_position(sent);
        }
    }

    /// Removes the bar from the screen.
    pub fn finish(&self) {
        if let Some(b) = &self.0 {
            b.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.finish();
    }
}
