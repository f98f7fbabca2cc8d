//! Branch assessment (支部考核): the 党委's scheme ([`scheme`]) and each branch's score
//! for its year ([`score`]), counted from what `meetings` and `coverage` count. Only
//! branches are scored: no member is scored or ranked, and no metric counts notes,
//! characters, photos or time.
//!
//! This stage comes after the check and the meeting counts, and before any output.

pub mod files;
mod says;
pub mod scheme;
pub mod score;
pub mod trace;

pub use says::Says;

use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::kinds::MeetingKind;

/// A year assessed: the scheme, each branch's score (by grade, then in roster order), and
/// the files that hold. What the site shows with `[assessment] publish = true`.
pub struct Assessed<'a> {
    pub scheme: scheme::Scheme,
    pub scores: Vec<score::BranchScore>,
    pub files: files::Files<'a>,
}

/// The year the site's scheme assesses, scored from `checked`; None when the site has no
/// scheme, or one with errors (which `assess` names).
pub fn assessed<'a>(
    site: &Site,
    loaded: &'a crate::load::Loaded,
    checked: &'a crate::check::Checked,
) -> Option<Assessed<'a>> {
    let scheme = load(site, &loaded.kinds).ok()?.scheme?;
    let evidence = score::Evidence::gather(loaded, checked, scheme.year);
    let config = &site.config.assessment;
    let files = files::judge(&scheme, &config.review, loaded, checked, site.lang());
    let mut scores = score::score_all(&scheme, &evidence, &files);
    scores.sort_by_key(|s| (s.grade, s.branch));
    Some(Assessed {
        scheme,
        scores,
        files,
    })
}

/// Reads the scheme `[assessment] scheme` names. `Err` when there is none, or it cannot
/// be read; a scheme with errors comes back as a [`scheme::Read`] without a scheme.
pub fn load(site: &Site, kinds: &[MeetingKind]) -> Result<scheme::Read, Diagnostic> {
    let lang = site.lang();
    let path = site.root.join(&site.config.assessment.scheme);
    let shown = site.display_path(&path);
    let bytes = match crate::plain::read_data_inside(&path, &site.root) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
            return Err(
                Diagnostic::error(Rule::Scheme, &shown, Says::NoScheme(&shown).text(lang))
                    .with_help(Says::NoSchemeHelp.text(lang)),
            );
        }
        Err(err) => {
            let reason = crate::i18n::io_reason(&err, lang);
            let says = Says::SchemeUnreadable {
                path: &shown,
                reason: &reason,
            };
            return Err(Diagnostic::error(Rule::Scheme, &shown, says.text(lang)));
        }
    };
    let text = match crate::load::decode::decode(&bytes) {
        Ok(decoded) => decoded.text,
        Err(_) => {
            let reason = crate::i18n::Msg::Undecodable.text(lang);
            let says = Says::SchemeInvalid(&reason);
            return Err(Diagnostic::error(Rule::Scheme, &shown, says.text(lang))
                .with_help(crate::i18n::Msg::UndecodableHelp.text(lang)));
        }
    };
    Ok(scheme::parse(&text, &shown, kinds, lang))
}
/// Rounded half-up to 2 decimals, as every figure is shown.
pub fn round2(x: f64) -> f64 {
    ((x * 100.0) + 0.5 + 1e-9).floor() / 100.0
}
