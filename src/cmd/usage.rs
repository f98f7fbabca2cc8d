//! Mistakes on the command line, told in the user's language: clap's own messages are
//! English, so the common ones are said again from the catalogue.

use crate::i18n::{Lang, Msg};
use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, CommandFactory};

/// The command line as clap parses it, with its help in Chinese throughout: clap's own
/// headings (`Usage:`, `Options:`), its usage line (`[OPTIONS]`, `<COMMAND>`), its
/// `[default: …]` and `[possible values: …]`, its `-h`/`-V` lines and its `help`
/// subcommand are English, so they are given here.
pub fn command() -> clap::Command {
    localized(super::Cli::command(), "")
}

fn localized(command: clap::Command, parent: &str) -> clap::Command {
    let top = parent.is_empty();
    let path = if top {
        command.get_name().to_string()
    } else {
        format!("{parent} {}", command.get_name())
    };
    let usage = usage(&command, &path);
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
        .override_usage(usage)
        .mut_args(arg_localized)
        .disable_help_subcommand(true)
        .disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help("显示帮助"),
        )
        .mut_subcommands(|sub| localized(sub, &path));
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

/// clap's usage line, in Chinese: `studybook check [选项] [PATHS]...`.
fn usage(command: &clap::Command, path: &str) -> String {
    let mut usage = format!("{path} [选项]");
    for positional in command.get_positionals() {
        let name = positional
            .get_value_names()
            .and_then(|names| names.first())
            .map_or_else(
                || positional.get_id().to_string().to_uppercase(),
                |n| n.to_string(),
            );
        let many = positional
            .get_num_args()
            .is_some_and(|n| n.max_values() > 1);
        let dots = if many { "..." } else { "" };
        if positional.is_required_set() {
            usage += &format!(" <{name}>{dots}");
        } else {
            usage += &format!(" [{name}]{dots}");
        }
    }
    if command.get_subcommands().next().is_some() {
        usage += " <命令>";
    }
    usage
}

/// An option's help with its default and its choices said in Chinese, in place of
/// clap's `[default: …]` and `[possible values: …]`.
fn arg_localized(arg: Arg) -> Arg {
    if !arg.get_action().takes_values() {
        return arg;
    }
    let mut extra = Vec::new();
    if !arg.is_hide_default_value_set() && !arg.get_default_values().is_empty() {
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        extra.push(format!("默认 {}", defaults.join("、")));
    }
    let choices: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    if !arg.is_hide_possible_values_set() && !choices.is_empty() {
        extra.push(format!("可选 {}", choices.join("、")));
    }
    if extra.is_empty() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let help = format!("{help}（{}）", extra.join("；"));
    arg.hide_default_value(true)
        .hide_possible_values(true)
        .help(help)
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
        // clap names the argument it conflicts with; one given twice has none.
        ErrorKind::ArgumentConflict => match text(ContextKind::PriorArg) {
            prior if prior.is_empty() => Msg::ArgumentTwice(&arg).text(lang),
            prior if prior == arg => Msg::ArgumentTwice(&arg).text(lang),
            prior => Msg::ArgumentConflictWith {
                arg: &arg,
                prior: &prior,
            }
            .text(lang),
        },
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
