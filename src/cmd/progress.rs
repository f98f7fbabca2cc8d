//! A progress bar on stderr for long work: only on a terminal, only for sites of more
//! than a few hundred notes. Elsewhere nothing is drawn.

use crate::progress::Progress;
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;

/// Work smaller than this finishes before a bar would be worth reading.
const MIN_ITEMS: usize = 300;

pub struct Bar {
    on: bool,
    bar: Mutex<Option<ProgressBar>>,
}

impl Bar {
    /// A bar that draws when stderr is a terminal.
    pub fn for_terminal() -> Bar {
        Bar {
            on: std::io::stderr().is_terminal(),
            bar: Mutex::new(None),
        }
    }
}

impl Progress for Bar {
    fn begin(&self, label: &str, total: usize) {
        if !self.on || total < MIN_ITEMS {
            return;
        }
        let bar = ProgressBar::new(total as u64).with_message(label.to_string());
        if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} {elapsed}") {
            bar.set_style(style.progress_chars("=> "));
        }
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn tick(&self) {
        if let Ok(slot) = self.bar.lock() {
            if let Some(bar) = slot.as_ref() {
                bar.inc(1);
            }
        }
    }

    fn end(&self) {
        if let Ok(mut slot) = self.bar.lock() {
            if let Some(bar) = slot.take() {
                bar.finish_and_clear();
            }
        }
    }
}
