//! How long work is going, told to whoever shows it: a leaf that every stage may use
//! without depending on the commands.

/// Told how long work is going, so that a command can show a progress bar. The unit
/// type shows nothing.
pub trait Progress: Sync {
    fn begin(&self, _label: &str, _total: usize) {}
    fn tick(&self) {}
    fn end(&self) {}
}

impl Progress for () {}
