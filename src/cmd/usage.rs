//! Mistakes on the command line, told in the user's language: clap's own messages are
//! English, so the common ones are said again from the catalogue.

use crate::i18n::{Lang, Msg};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory};

/// The command line as clap parses it, with its help in Chinese throughout: clap's own
/// headings (`Usage:`, `Options:`), its `-h`/`-V` lines and its `help` subcommand are
/// English, so they are given here.
pub fn command() -> clap::Command {
    localized(super::Cli::command(), true)
}

fn localized(command: clap::Command, top: bool) -> clap::Command {
    let has_subcommands = command.get_subcommands().next().is_some();
    let has_positionals = command.get_positionals().next().is_some();
    let mut template = String::from("{about-with-newline}\n用法：{usage}\n\n");
    if has_subcommands {
        template.push_str("命令：\n{subcommands}\n\n");
    }
    if has_positionals {
        template.push_str("参数：\n{positionals}\n\n");
    }
    template.push_str("选项：\n{options}{after-help}");
    let mut command = command
        .help_template(template)
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        )
        .mut_subcommands(|sub| localized(sub, false));
    if top {
        command = command.disable_version_flag(true).arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help("显示版本"),
        );
    }
    command
}

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
        ErrorKind::InvalidSubcommand => {
            Msg::UnknownSubcommand(&text(ContextKind::InvalidSubcommand)).text(lang)
        }
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
