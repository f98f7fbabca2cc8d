//! Writes a generated site: `cargo run --release --example corpus -- DIR [NOTES]`.

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = args.next().unwrap_or_else(|| "corpus".into());
    let notes = args.next().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    studybook::corpus::write_site(
        std::path::Path::new(&dir),
        &studybook::corpus::Spec::with_notes(notes),
    )?;
    eprintln!("wrote {notes} notes to {dir}");
    Ok(())
}
