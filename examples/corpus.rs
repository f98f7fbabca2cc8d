//! Writes a generated site: `cargo run --release --example corpus -- DIR [NOTES]`.
//! DIR must be new or empty (`corpus::write_site` refuses anything else).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = || {
        eprintln!("usage: corpus DIR [NOTES]   (DIR new or empty; NOTES 10000 by default)");
        ExitCode::from(2)
    };
    let [dir, rest @ ..] = args.as_slice() else {
        return usage();
    };
    if dir.starts_with('-') || rest.len() > 1 {
        return usage();
    }
    let notes = match rest.first().map(|n| n.parse()) {
        None => 10_000,
        Some(Ok(n)) => n,
        Some(Err(_)) => return usage(),
    };
    let dir = std::path::Path::new(dir);
    match studybook::corpus::write_site(dir, &studybook::corpus::Spec::with_notes(notes)) {
        Ok(()) => {
            eprintln!("wrote {notes} notes to {}", dir.display());
            ExitCode::SUCCESS
        }
        Err(err) if err.kind() == std::io::ErrorKind::AlreadyExists => {
            eprintln!("{err}");
            ExitCode::from(2)
        }
        Err(err) => {
            eprintln!("cannot write {}: {err}", dir.display());
            ExitCode::FAILURE
        }
    }
}
