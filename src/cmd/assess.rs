//! `studybook assess`: each branch's score and grade for the scheme's year, from the
//! records, as an aligned table for the 党委, JSON for tools, or CSV for Excel. Every
//! item says where its points came from.

use super::table::{self, Align};
use super::{print_diagnostics, Error, Result, OK};
use crate::assess::scheme::Scheme;
use crate::assess::score::{self, BranchScore, Evidence, ItemScore, Trace};
use crate::assess::Says;
use crate::config::Site;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::Lang;
use crate::load::Loaded;
use crate::write::requested::write_requested;
use serde::Serialize;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
    Xlsx,
}

#[derive(clap::Args)]
pub struct AssessArgs {
    /// 考核年度（默认：考核细则的 year）
    #[arg(long, value_name = "年度", allow_negative_numbers = true)]
    pub year: Option<i32>,
    /// 只看一个支部（列出它的评分表）
    #[arg(long, value_name = "支部", allow_hyphen_values = true)]
    pub branch: Option<String>,
    /// 输出格式（默认：按 --out 的扩展名；否则终端上为表格，其余为 JSON）
    #[arg(long, value_enum, value_name = "格式")]
    pub format: Option<Format>,
    /// 写到文件；不会覆盖已有文件
    #[arg(long, value_name = "文件", allow_hyphen_values = true)]
    pub out: Option<PathBuf>,
    /// 覆盖 --out 指定的已有文件
    #[arg(long, requires = "out")]
    pub force: bool,
}

/// The JSON of docs/DESIGN.md, "Branch assessment".
#[derive(Serialize)]
pub struct Report<'a> {
    pub year: i32,
    pub scheme: SchemeRow<'a>,
    pub branches: Vec<BranchRow<'a>>,
    /// The secretaries' reviews that hold, in the order of the branches.
    pub reviews: Vec<ReviewRow<'a>>,
}

#[derive(Serialize)]
pub struct ReviewRow<'a> {
    pub branch: &'a str,
    /// The secretary's roster id.
    pub member: &'a str,
    /// And name, for people.
    #[serde(skip)]
    pub name: &'a str,
    pub score: f64,
    pub grade: &'a str,
    pub groups: &'a [crate::assess::files::GroupScore],
}

#[derive(Serialize)]
pub struct SchemeRow<'a> {
    pub name: &'a str,
    pub version: u32,
    pub sha256: &'a str,
}

#[derive(Serialize)]
pub struct BranchRow<'a> {
    pub name: &'a str,
    pub work: f64,
    pub bonus: f64,
    pub deductions: f64,
    pub score: f64,
    pub review: f64,
    #[serde(rename = "final")]
    pub final_score: f64,
    pub grade: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rank: Option<usize>,
    pub veto: &'a [String],
    pub categories: Vec<score::CategoryScore>,
    pub items: Vec<ItemScore>,
    pub extras: Vec<ItemScore>,
}

pub fn execute(site: &Site, args: &AssessArgs) -> Result {
    let lang = site.lang();
    let checkup = crate::pipeline::check_only(site, crate::pipeline::today(), &())?;
    let (loaded, checked) = (&checkup.loaded, &checkup.checked);
    let scheme = scheme_for(site, loaded, args.year)?;
    let branch = super::known_branch(&loaded.roster, args.branch.as_deref(), lang)?;
    let evidence = Evidence::gather(loaded, checked, scheme.year);
    let files = crate::assess::files::judge(
        &scheme,
        &site.config.assessment.review,
        loaded,
        checked,
        lang,
    );
    print_documents_said(loaded, checked, &files);
    let rejected_by_check = checked
        .rejected
        .iter()
        .filter(|&&id| loaded.note(id).is_document())
        .count();
    let mut scores = score::score_all(&scheme, &evidence, &files);
    scores.retain(|s| {
        branch
            .as_deref()
            .is_none_or(|b| loaded.roster.branch_name(s.branch) == b)
    });
    warn_unscored(site, &scheme, loaded, &scores, &files);
    // By grade, then in roster order (第一, 第二, 第三 as the roster lists them): a rank
    // only where the book asks for one.
    scores.sort_by_key(|s| (s.grade, s.branch));
    let report = report(
        &scheme,
        loaded,
        &scores,
        &files,
        site.config.assessment.show_rank,
    );
    let bytes = match out_format(args.out.as_deref(), args.format, lang)? {
        Format::Json => (serde_json::to_string_pretty(&report)? + "\n").into_bytes(),
        Format::Csv => csv(&report, lang)?,
        Format::Xlsx if args.out.is_none() && std::io::stdout().is_terminal() => {
            return Err(Error::Said(crate::i18n::Msg::XlsxNeedsOut.text(lang)));
        }
        Format::Xlsx => super::report_tables::xlsx(&sheets(&report, lang))?,
        Format::Table => text(&report, &scheme, lang, branch.is_some()).into_bytes(),
    };
    write_out(site, args, &bytes)?;
    Ok(if rejected_by_check + files.rejected > 0 {
        super::REJECTED
    } else {
        OK
    })
}

/// The scheme, what it says of itself printed; what stops the assessment when it does
/// not read, or when `--year` asks for another year than the scheme's.
fn scheme_for(site: &Site, loaded: &Loaded, year: Option<i32>) -> Result<Scheme> {
    let read = crate::assess::load(site, &loaded.kinds)?;
    let Some(scheme) = read.scheme else {
        return Err(Error::Problems {
            problems: read.diagnostics,
            then: None,
        });
    };
    print_diagnostics(&read.diagnostics);
    if let Some(year) = year.filter(|&y| y != scheme.year) {
        let shown = site.display_path(&site.root.join(&site.config.assessment.scheme));
        let says = Says::NotSchemeYear {
            asked: year,
            scheme: scheme.year,
        }
        .text(site.lang());
        return Err(Diagnostic::error(Rule::Scheme, "--year", says)
            .with_help(format!("{shown}: year: {}", scheme.year))
            .into());
    }
    Ok(scheme)
}

/// Prints what the check said of the assessment's own files, then what the scheme says.
fn print_documents_said(
    loaded: &Loaded,
    checked: &crate::check::Checked,
    files: &crate::assess::files::Files<'_>,
) {
    let documents: std::collections::HashSet<&str> = loaded
        .notes
        .iter()
        .filter(|n| n.is_document())
        .map(|n| n.shown.as_str())
        .collect();
    let said: Vec<&Diagnostic> = checked
        .diagnostics
        .iter()
        .filter(|d| documents.contains(d.path.as_str()))
        .chain(&files.diagnostics)
        .collect();
    print_diagnostics(said.iter().copied());
}

/// `--format`, or else the one `--out`'s extension names, or else a table on a
/// terminal and JSON elsewhere; a `--format` that `--out`'s extension contradicts is
/// refused.
fn out_format(out: Option<&Path>, format: Option<Format>, lang: Lang) -> Result<Format> {
    let name = |f: Format| match f {
        Format::Table => "table",
        Format::Json => "json",
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    };
    let known = [
        ("json", "json"),
        ("csv", "csv"),
        ("xlsx", "xlsx"),
        ("txt", "table"),
        ("md", "table"),
    ];
    let named = super::format_for_out(out, format.map(name), &known, lang)?;
    Ok(match named {
        Some("json") => Format::Json,
        Some("csv") => Format::Csv,
        Some("xlsx") => Format::Xlsx,
        Some(_) => Format::Table,
        None if std::io::stdout().is_terminal() => Format::Table,
        None => Format::Json,
    })
}

/// Writes the assessment to `--out` (over a file there only with `--force`), or else to
/// stdout.
fn write_out(site: &Site, args: &AssessArgs, bytes: &[u8]) -> Result<()> {
    let lang = site.lang();
    match &args.out {
        Some(path) => {
            let shown = path.display().to_string();
            let protected = site.protected();
            let protected: Vec<&Path> = protected.iter().map(PathBuf::as_path).collect();
            write_requested(path, bytes, args.force, &protected)
                .map_err(|refusal| super::write_refused(&shown, &refusal, lang))?;
            super::say(&crate::i18n::Msg::ReportWritten(&shown).text(lang));
        }
        None => super::to_stdout(bytes)?,
    }
    Ok(())
}

/// The assessment's summary and the reviews, as tables of the annual report, when the
/// site has a scheme: none without one, and a line saying why when it does not read.
pub fn report_tables(
    site: &Site,
    checkup: &crate::pipeline::Checkup,
) -> Vec<super::report_tables::Table> {
    let lang = site.lang();
    let (loaded, checked) = (&checkup.loaded, &checkup.checked);
    let Ok(read) = crate::assess::load(site, &loaded.kinds) else {
        return Vec::new();
    };
    let Some(scheme) = read.scheme else {
        super::say(&Says::ReportWithoutAssessment.text(lang));
        return Vec::new();
    };
    let evidence = Evidence::gather(loaded, checked, scheme.year);
    let config = &site.config.assessment;
    let files = crate::assess::files::judge(&scheme, &config.review, loaded, checked, lang);
    let mut scores = score::score_all(&scheme, &evidence, &files);
    scores.sort_by_key(|s| (s.grade, s.branch));
    let report = report(&scheme, loaded, &scores, &files, config.show_rank);
    let mut tables = sheets(&report, lang);
    // The summary, and the reviews when there are any: each branch's 评分表 is
    // `assess`'s to show.
    let reviews = (!report.reviews.is_empty()).then(|| tables.pop()).flatten();
    tables.truncate(1);
    tables.extend(reviews);
    tables
}

/// A warning per branch with manual items not yet scored, and one when the review is
/// blended in but none is held: their 0 is not a verdict.
fn warn_unscored(
    site: &Site,
    scheme: &Scheme,
    loaded: &Loaded,
    scores: &[BranchScore],
    files: &crate::assess::files::Files<'_>,
) {
    let lang = site.lang();
    let shown = site.display_path(&site.root.join(&site.config.assessment.scheme));
    let mut warnings = Vec::new();
    for s in scores {
        let branch = loaded.roster.branch_name(s.branch);
        if !s.unscored.is_empty() {
            // The first few, and how many more: a scheme of thousands of items would
            // otherwise print them all for every branch.
            let first: Vec<&str> = s.unscored.iter().take(10).map(String::as_str).collect();
            let mut items = first.join("、");
            if s.unscored.len() > first.len() {
                items += &format!(" …（共 {} 项）", s.unscored.len());
            }
            let says = Says::Unscored {
                branch,
                items: &items,
            };
            warnings.push(Diagnostic::warning(Rule::Unscored, &shown, says.text(lang)));
        }
        if scheme.blend.review > 0.0 && !files.reviews.contains_key(&s.branch) {
            let says = Says::NoReview(branch);
            warnings.push(Diagnostic::warning(Rule::Unscored, &shown, says.text(lang)));
        }
    }
    print_diagnostics(&warnings);
}

pub fn report<'a>(
    scheme: &'a Scheme,
    loaded: &'a Loaded,
    scores: &'a [BranchScore],
    files: &'a crate::assess::files::Files<'a>,
    show_rank: bool,
) -> Report<'a> {
    let branches = scores
        .iter()
        .enumerate()
        .map(|(i, s)| BranchRow {
            name: loaded.roster.branch_name(s.branch),
            work: s.work,
            bonus: s.bonus,
            deductions: s.deductions,
            score: s.score,
            review: s.review,
            final_score: s.final_score,
            grade: &scheme.grades[s.grade].name,
            rank: show_rank.then_some(i + 1),
            veto: &s.veto,
            categories: s
                .categories
                .iter()
                .map(|c| score::CategoryScore {
                    score: score::round2(c.score),
                    ..c.clone()
                })
                .collect(),
            items: rounded(&s.items),
            extras: rounded(&s.extras),
        })
        .collect();
    Report {
        year: scheme.year,
        scheme: SchemeRow {
            name: &scheme.name,
            version: crate::assess::scheme::VERSION,
            sha256: &scheme.sha256,
        },
        branches,
        reviews: scores
            .iter()
            .filter_map(|s| files.reviews.get(&s.branch))
            .map(|r| ReviewRow {
                branch: loaded.roster.branch_name(r.branch),
                member: &loaded.roster.member(r.member).id,
                name: &loaded.roster.member(r.member).name,
                score: r.score,
                grade: &scheme.grades[r.grade].name,
                groups: &r.groups,
            })
            .collect(),
    }
}

fn rounded(items: &[ItemScore]) -> Vec<ItemScore> {
    items
        .iter()
        .map(|item| ItemScore {
            score: score::round2(item.score),
            ..item.clone()
        })
        .collect()
}

fn number(x: f64) -> String {
    let s = format!("{:.2}", score::round2(x));
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A trace in words: `brief` leaves out the periods held and the records counted,
/// which the JSON and the CSV list, and keeps what a reader must see (shares, periods
/// missing, copies, what is unscored).
fn traced(trace: &[Trace], lang: Lang, brief: bool) -> String {
    use crate::assess::score::Why;
    trace
        .iter()
        .filter(|t| !brief || !matches!(t.why, Why::Held | Why::Counted))
        .map(|t| Says::Trace(t).text(lang))
        .collect::<Vec<_>>()
        .join("；")
}

/// Column heads, in the book's language.
fn heads(lang: Lang) -> [&'static str; 8] {
    match lang {
        Lang::Zh => [
            "支部",
            "工作得分",
            "加分",
            "扣分",
            "测评得分",
            "总分",
            "等次",
            "否决",
        ],
        Lang::En => [
            "Branch",
            "Work",
            "Bonus",
            "Deductions",
            "Review",
            "Final",
            "Grade",
            "Veto",
        ],
    }
}

fn item_heads(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["项目", "名称", "分值", "得分", "依据"],
        Lang::En => ["Item", "Name", "Points", "Score", "Why"],
    }
}

/// The summary, then each branch's 评分表 when one branch is asked for.
fn text(report: &Report<'_>, scheme: &Scheme, lang: Lang, items: bool) -> String {
    let title = Says::Title {
        name: &scheme.name,
        year: scheme.year,
    };
    let mut out = crate::diag::visible(&title.text(lang)).into_owned() + "\n\n";
    out += &summary_text(report, lang);
    if items {
        for b in &report.branches {
            out += &items_text(b, lang);
        }
    }
    if !report.reviews.is_empty() {
        out += &format!("\n{}\n\n", review_title(lang));
        let mut rows = vec![review_heads(lang).map(str::to_string).to_vec()];
        rows.extend(review_rows(report, lang));
        out += &table::render(
            &rows,
            &[Align::Left, Align::Left, Align::Right, Align::Left],
        );
    }
    out
}

/// The summary table: a row per branch with its scores, grade and vetoes.
fn summary_text(report: &Report<'_>, lang: Lang) -> String {
    let mut rows = vec![heads(lang)
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()];
    for b in &report.branches {
        rows.push(vec![
            b.name.to_string(),
            number(b.work),
            number(b.bonus),
            number(b.deductions),
            number(b.review),
            number(b.final_score),
            b.grade.to_string(),
            b.veto.join("、"),
        ]);
    }
    let mut align = vec![Align::Left];
    align.extend([Align::Right; 5]);
    table::render(&rows, &align)
}

/// A branch's 评分表 under its heading: every item and extra, its points, its score and
/// in brief why.
fn items_text(b: &BranchRow<'_>, lang: Lang) -> String {
    let mut out = format!("\n{}\n\n", Says::ItemsOf(b.name).text(lang));
    let mut rows = vec![item_heads(lang)
        .iter()
        .map(|h| h.to_string())
        .collect::<Vec<_>>()];
    for item in b.items.iter().chain(&b.extras) {
        rows.push(vec![
            item.id.clone(),
            item.name.clone(),
            number(item.points),
            number(item.score),
            traced(&item.trace, lang, true),
        ]);
    }
    let align = [
        Align::Left,
        Align::Left,
        Align::Right,
        Align::Right,
        Align::Left,
    ];
    out += &table::render(&rows, &align);
    out
}

fn review_title(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "书记述职述廉测评",
        Lang::En => "Secretaries' reviews",
    }
}

fn review_heads(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => ["支部", "书记", "测评得分", "等次", "各组得分"],
        Lang::En => ["Branch", "Secretary", "Score", "Grade", "By group"],
    }
}

/// One row per review: the branch, its secretary, the score, the grade, and each group's
/// score with the share of 好 and 较好.
fn review_rows(report: &Report<'_>, lang: Lang) -> Vec<Vec<String>> {
    report
        .reviews
        .iter()
        .map(|r| {
            let groups: Vec<String> = r
                .groups
                .iter()
                .map(|g| {
                    let share =
                        crate::coverage::percent(Some(g.satisfaction), 1).unwrap_or_default();
                    match lang {
                        Lang::Zh => format!("{} {}（好和较好 {share}）", g.name, number(g.score)),
                        Lang::En => format!("{} {} (好 and 较好 {share})", g.name, number(g.score)),
                    }
                })
                .collect();
            vec![
                r.branch.to_string(),
                r.name.to_string(),
                number(r.score),
                r.grade.to_string(),
                groups.join("；"),
            ]
        })
        .collect()
}

/// The workbook: the summary, then one 评分表 per branch with every item and why.
fn sheets(report: &Report<'_>, lang: Lang) -> Vec<super::report_tables::Table> {
    use super::report_tables::{Cell, Table};
    let text = |s: &str| Cell::Text(s.to_string());
    let summary = Table {
        title: match lang {
            Lang::Zh => "支部考核汇总".into(),
            Lang::En => "Summary".into(),
        },
        headers: heads(lang).iter().map(|h| h.to_string()).collect(),
        rows: report
            .branches
            .iter()
            .map(|b| {
                vec![
                    text(b.name),
                    Cell::Score(b.work),
                    Cell::Score(b.bonus),
                    Cell::Score(b.deductions),
                    Cell::Score(b.review),
                    Cell::Score(b.final_score),
                    text(b.grade),
                    text(&b.veto.join("、")),
                ]
            })
            .collect(),
    };
    let mut tables = vec![summary];
    for b in &report.branches {
        tables.push(Table {
            title: Says::ItemsOf(b.name).text(lang).replace(' ', ""),
            headers: item_heads(lang).iter().map(|h| h.to_string()).collect(),
            rows: b
                .items
                .iter()
                .chain(&b.extras)
                .map(|item| {
                    vec![
                        text(&item.id),
                        text(&item.name),
                        Cell::Score(item.points),
                        Cell::Score(item.score),
                        text(&traced(&item.trace, lang, false)),
                    ]
                })
                .collect(),
        });
    }
    if !report.reviews.is_empty() {
        tables.push(Table {
            title: review_title(lang).to_string(),
            headers: review_heads(lang).map(str::to_string).to_vec(),
            rows: review_rows(report, lang)
                .into_iter()
                .map(|row| row.into_iter().map(Cell::Text).collect())
                .collect(),
        });
    }
    tables
}

/// The summary rows, then every branch's items, each cell safe to open in Excel.
fn csv(report: &Report<'_>, lang: Lang) -> Result<Vec<u8>> {
    let mut sheet = super::sheet::Sheet::new();
    let encoding = |err: csv::Error| Error::Encoding(err.to_string());
    sheet.row(heads(lang)).map_err(encoding)?;
    for b in &report.branches {
        sheet
            .row([
                b.name.to_string(),
                number(b.work),
                number(b.bonus),
                number(b.deductions),
                number(b.review),
                number(b.final_score),
                b.grade.to_string(),
                b.veto.join("、"),
            ])
            .map_err(encoding)?;
    }
    sheet.blank().map_err(encoding)?;
    let mut head = vec![heads(lang)[0]];
    head.extend(item_heads(lang));
    sheet.row(head).map_err(encoding)?;
    for b in &report.branches {
        for item in b.items.iter().chain(&b.extras) {
            sheet
                .row([
                    b.name.to_string(),
                    item.id.clone(),
                    item.name.clone(),
                    number(item.points),
                    number(item.score),
                    traced(&item.trace, lang, false),
                ])
                .map_err(encoding)?;
        }
    }
    if !report.reviews.is_empty() {
        sheet.blank().map_err(encoding)?;
        sheet.row(review_heads(lang)).map_err(encoding)?;
        for row in review_rows(report, lang) {
            sheet.row(row).map_err(encoding)?;
        }
    }
    sheet.finish()
}
