//! Mistakes on the command line, told in the user's language: clap's own messages are
//! English, so the common ones are said again from the catalogue.

use crate::i18n::{Lang, Msg};
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// The message for a command line clap refused, or None for what clap should print
/// itself (help, version).
pub fn message(err: &clap::Error, lang: Lang) -> Option<String> {
    let text = |kind: ContextKind| match err.get(kind) {
        Some(ContextValue::String(s)) => s.clone(),
        Some(ContextValue::Strings(list)) => list.join("、"),
        _ => String::new(),
    };
    let arg = text(ContextKind::InvalidArg);
    let value = text(ContextKind::InvalidValue);
    let mut lines = vec![match err.kind() {
        ErrorKind::DisplayHelp
        | ErrorKind::DisplayVersion
        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => return None,
        ErrorKind::UnknownArgument => Msg::UnknownArgument(&arg).text(lang),
        ErrorKind::InvalidSubcommand => Msg::UnknownSubcommand(&value).text(lang),
        ErrorKind::MissingRequiredArgument => Msg::MissingArgument(&arg).text(lang),
        ErrorKind::InvalidValue | ErrorKind::ValueValidation | ErrorKind::NoEquals => {
            Msg::InvalidArgValue {
                arg: &arg,
                value: &value,
            }
            .text(lang)
        }
        ErrorKind::ArgumentConflict => Msg::ArgumentConflict(&arg).text(lang),
        _ => Msg::BadCommandLine.text(lang),
    }];
    let valid = text(ContextKind::ValidValue);
    if !valid.is_empty() {
        lines.push(Msg::ValidValues(&valid).text(lang));
    }
    let suggested = [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand]
        .into_iter()
        .map(text)
        .find(|s| !s.is_empty());
    if let Some(suggested) = suggested {
        lines.push(Msg::DidYouMean(&suggested).text(lang));
    }
    lines.push(Msg::SeeHelp.text(lang));
    Some(lines.join("\n"))
}
