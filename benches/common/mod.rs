//! What the in-process benches share.

/// A generated site of NOTES notes (the first number among the arguments, 10,000 by
/// default) in a temp folder, removed when the returned folder is dropped.
pub fn generated_site() -> (tempfile::TempDir, usize) {
    let notes = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let dir = tempfile::tempdir().expect("temp dir");
    studybook::corpus::write_site(dir.path(), &studybook::corpus::Spec::with_notes(notes))
        .expect("generate corpus");
    (dir, notes)
}
