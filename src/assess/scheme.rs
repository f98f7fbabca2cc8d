//! content/assessment.yaml -> [`Scheme`]: the 党委's 考核细则 for a year, checked like
//! book.toml (every error at its line and column, unknown keys and metrics named with
//! the allowed ones) before anything is scored.

use super::says::Says;
use crate::diag::{Diagnostic, Rule};
use crate::i18n::Lang;
use crate::ids::KindId;
use crate::kinds::MeetingKind;
use serde::Deserialize;
use std::collections::HashSet;

/// The format version this studybook reads.
pub const VERSION: u32 = 1;

/// More items than a 考核细则 can be applied with care: a warning.
const MANY_ITEMS: usize = 30;

/// Points `notes.coverage` may carry before the scheme lets notes decide a grade.
const COVERAGE_POINTS: f64 = 10.0;

#[derive(Debug, Clone)]
pub struct Scheme {
    pub name: String,
    pub year: i32,
    /// Highest first.
    pub grades: Vec<Grade>,
    pub blend: Blend,
    pub categories: Vec<Category>,
    pub items: Vec<Item>,
    pub bonus: Extra,
    pub deductions: Extra,
    pub veto: Vec<Veto>,
    /// Of the file's bytes: which scheme a result was scored by.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Grade {
    pub name: String,
    pub min: f64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blend {
    pub work: f64,
    pub review: f64,
}

#[derive(Debug, Clone)]
pub struct Category {
    pub id: String,
    pub name: String,
    pub max: f64,
}

#[derive(Debug, Clone)]
pub struct Item {
    pub id: String,
    /// Index in [`Scheme::categories`].
    pub category: usize,
    pub name: String,
    pub points: f64,
    /// None: scored by hand (`manual: true`).
    pub metric: Option<Metric>,
}

/// The closed list of docs/DESIGN.md, "Branch assessment": what studybook can count.
/// None of them counts notes, characters, photos or time.
#[derive(Debug, Clone, PartialEq)]
pub enum Metric {
    MeetingsMissing { kind: KindId, each: f64 },
    MeetingsHeldRatio { kind: KindId },
    AttendanceRate { bands: Vec<Band> },
    SpeakersRatio { kind: KindId },
    SecretaryLectures { min: usize },
    PlanCollective,
    NotesCoverage,
    NotesDuplicate { each: f64 },
    ReviewHeld,
}

/// Every metric's name, as the scheme writes it.
pub const METRICS: &[&str] = &[
    "meetings.missing",
    "meetings.held-ratio",
    "attendance.rate",
    "speakers.ratio",
    "secretary.lectures",
    "plan.collective",
    "notes.coverage",
    "notes.duplicate",
    "review.held",
];

#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Band {
    pub min: f64,
    pub points: f64,
}

/// Bonus or deductions: items each at most their max, all at most the cap.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    pub cap: f64,
    pub items: Vec<ExtraItem>,
}

#[derive(Debug, Clone)]
pub struct ExtraItem {
    pub id: String,
    pub name: String,
    pub max: f64,
    pub metric: Option<Metric>,
}

#[derive(Debug, Clone)]
pub struct Veto {
    pub id: String,
    pub name: String,
    /// Index in [`Scheme::grades`].
    pub max_grade: usize,
}

impl Scheme {
    /// The grade `score` reaches: the first band whose min it reaches (the last band
    /// when it reaches none).
    pub fn grade_of(&self, score: f64) -> usize {
        self.grades
            .iter()
            .position(|g| score + 1e-9 >= g.min)
            .unwrap_or(self.grades.len().saturating_sub(1))
    }
}

// The file as written: every key known, nothing assumed.

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    version: u32,
    name: String,
    year: i32,
    grades: Vec<Grade0>,
    blend: Option<Blend0>,
    categories: Vec<Category0>,
    items: Vec<Item0>,
    bonus: Option<Extra0>,
    deductions: Option<Extra0>,
    #[serde(default)]
    veto: Vec<Veto0>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Grade0 {
    name: String,
    min: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Blend0 {
    #[serde(default)]
    work: f64,
    #[serde(default)]
    review: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Category0 {
    id: String,
    name: String,
    max: f64,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Item0 {
    id: String,
    category: Option<String>,
    name: String,
    points: f64,
    #[serde(default)]
    manual: bool,
    auto: Option<Auto0>,
    /// Never allowed: no item is scoped to a member. Read only to say so.
    scope: Option<yaml_serde::Value>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Auto0 {
    metric: String,
    kind: Option<String>,
    each: Option<f64>,
    bands: Option<Vec<Band>>,
    min: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Extra0 {
    cap: f64,
    #[serde(default)]
    items: Vec<ExtraItem0>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ExtraItem0 {
    id: String,
    name: String,
    max: f64,
    auto: Option<Auto0>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Veto0 {
    id: String,
    name: String,
    max_grade: String,
}

/// What reading the scheme gave: the scheme, or the errors that stop it, and the
/// warnings either way.
pub struct Read {
    pub scheme: Option<Scheme>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Parses and checks `text`, the scheme file shown as `shown`, against the meeting
/// kinds the book knows.
pub fn parse(text: &str, shown: &str, kinds: &[MeetingKind], lang: Lang) -> Read {
    let mut check = Checker {
        text,
        shown,
        lang,
        diagnostics: Vec::new(),
    };
    let written_out = text
        .lines()
        .map(str::trim)
        .all(|line| line.is_empty() || line.starts_with('#'));
    if written_out {
        let diag = Diagnostic::error(Rule::Scheme, shown, Says::SchemeEmpty(shown).text(lang))
            .with_help(Says::SchemeHelp.text(lang));
        return Read {
            scheme: None,
            diagnostics: vec![diag],
        };
    }
    let written: Written = match yaml_serde::from_str(text) {
        Ok(written) => written,
        Err(err) => {
            let full = err.to_string();
            let detail = full.find(" at line ").map_or(full.as_str(), |i| &full[..i]);
            let (line, col) = err.location().map_or((1, 1), |l| (l.line(), l.column()));
            let reason = crate::i18n::yaml_reason(detail, lang);
            let diag =
                Diagnostic::error(Rule::Scheme, shown, Says::SchemeInvalid(&reason).text(lang))
                    .at(text, line, col)
                    .with_help(Says::SchemeHelp.text(lang));
            return Read {
                scheme: None,
                diagnostics: vec![diag],
            };
        }
    };
    let scheme = check.scheme(written, kinds);
    let failed = check.diagnostics.iter().any(Diagnostic::is_error);
    Read {
        scheme: if failed { None } else { Some(scheme) },
        diagnostics: check.diagnostics,
    }
}

struct Checker<'a> {
    text: &'a str,
    shown: &'a str,
    lang: Lang,
    diagnostics: Vec<Diagnostic>,
}

impl Checker<'_> {
    /// An error at the first line that holds `near` (`id: x`, or `x` itself).
    fn error(&mut self, near: &str, says: Says<'_>) {
        let (line, col) = self.line_of(near);
        let diag = Diagnostic::error(Rule::Scheme, self.shown, says.text(self.lang))
            .at(self.text, line, col)
            .with_help(Says::SchemeHelp.text(self.lang));
        self.diagnostics.push(diag);
    }

    fn warning(&mut self, near: &str, says: Says<'_>) {
        let (line, col) = self.line_of(near);
        let diag = Diagnostic::warning(Rule::Scheme, self.shown, says.text(self.lang))
            .at(self.text, line, col);
        self.diagnostics.push(diag);
    }

    fn line_of(&self, near: &str) -> (usize, usize) {
        let id = format!("id: {near}");
        [id.as_str(), near]
            .iter()
            .find_map(|needle| crate::load::data_list::find_at(self.text, needle, 1))
            .unwrap_or((1, 1))
    }

    fn scheme(&mut self, written: Written, kinds: &[MeetingKind]) -> Scheme {
        if written.version != VERSION {
            self.error("version", Says::SchemeVersion(written.version));
        }
        if !(crate::date::FIRST_YEAR..=2100).contains(&written.year) {
            self.error("year", Says::SchemeYear(written.year));
        }
        let grades = self.grades(written.grades);
        let blend = self.blend(written.blend);
        let categories = self.categories(written.categories);
        let mut seen = HashSet::new();
        let mut items = Vec::new();
        for item in written.items {
            if let Some(item) = self.item(item, &categories, kinds, &mut seen) {
                items.push(item);
            }
        }
        if items.len() > MANY_ITEMS {
            self.warning("items", Says::SchemeManyItems(items.len()));
        }
        let bonus = self.extra(written.bonus, "bonus", kinds, &mut seen);
        let deductions = self.extra(written.deductions, "deductions", kinds, &mut seen);
        let veto = written
            .veto
            .into_iter()
            .filter_map(|veto| {
                if !seen.insert(veto.id.clone()) {
                    self.error(&veto.id, Says::SchemeDuplicateId(&veto.id));
                }
                let Some(max_grade) = grades.iter().position(|g| g.name == veto.max_grade) else {
                    self.error(&veto.max_grade, Says::SchemeUnknownGrade(&veto.max_grade));
                    return None;
                };
                Some(Veto {
                    id: veto.id,
                    name: veto.name,
                    max_grade,
                })
            })
            .collect();
        Scheme {
            name: written.name,
            year: written.year,
            grades,
            blend,
            categories,
            items,
            bonus,
            deductions,
            veto,
            sha256: sha256_hex(self.text.as_bytes()),
        }
    }

    fn grades(&mut self, written: Vec<Grade0>) -> Vec<Grade> {
        if written.is_empty() {
            self.error("grades", Says::SchemeNoGrades);
        }
        for grade in written.iter().filter(|g| !g.min.is_finite()) {
            // `.nan` compares with nothing, `.inf` is beyond every score.
            self.error(&grade.name, Says::SchemeGradeMin(&grade.name));
        }
        for pair in written.windows(2) {
            if pair[1].min >= pair[0].min {
                self.error(&pair[1].name, Says::SchemeGradeOrder(&pair[1].name));
            }
        }
        let mut names = HashSet::new();
        for grade in &written {
            if !names.insert(grade.name.as_str()) || grade.name.trim().is_empty() {
                self.error(&grade.name, Says::SchemeDuplicateId(&grade.name));
            }
        }
        written
            .into_iter()
            .map(|g| Grade {
                name: g.name,
                min: g.min,
            })
            .collect()
    }

    fn blend(&mut self, written: Option<Blend0>) -> Blend {
        let Some(written) = written else {
            return Blend {
                work: 1.0,
                review: 0.0,
            };
        };
        let blend = Blend {
            work: written.work,
            review: written.review,
        };
        let shares_ok = [blend.work, blend.review]
            .iter()
            .all(|s| (0.0..=1.0).contains(s));
        if !shares_ok || (blend.work + blend.review - 1.0).abs() > 1e-9 {
            self.error("blend", Says::SchemeBlend);
        }
        blend
    }

    fn categories(&mut self, written: Vec<Category0>) -> Vec<Category> {
        let mut ids = HashSet::new();
        for category in &written {
            if !ids.insert(category.id.as_str()) {
                self.error(&category.id, Says::SchemeDuplicateId(&category.id));
            }
            if !(category.max > 0.0 && category.max.is_finite()) {
                self.error(&category.id, Says::SchemePoints(&category.id));
            }
        }
        written
            .into_iter()
            .map(|c| Category {
                id: c.id,
                name: c.name,
                max: c.max,
            })
            .collect()
    }

    fn item(
        &mut self,
        item: Item0,
        categories: &[Category],
        kinds: &[MeetingKind],
        seen: &mut HashSet<String>,
    ) -> Option<Item> {
        let id = item.id.clone();
        if !seen.insert(id.clone()) {
            self.error(&id, Says::SchemeDuplicateId(&id));
        }
        if item.scope.is_some() {
            self.error("scope", Says::SchemeScope(&id));
        }
        if !(item.points > 0.0 && item.points.is_finite()) {
            self.error(&id, Says::SchemePoints(&id));
        }
        let category = match &item.category {
            None => {
                self.error(&id, Says::SchemeNoCategory(&id));
                None
            }
            Some(name) => {
                let found = categories.iter().position(|c| &c.id == name);
                if found.is_none() {
                    self.error(name, Says::SchemeUnknownCategory(name));
                }
                found
            }
        };
        let metric = match (item.manual, item.auto) {
            (true, None) => None,
            (false, Some(auto)) => {
                let metric = self.metric(&id, auto, kinds, item.points)?;
                if metric == Metric::NotesCoverage && item.points > COVERAGE_POINTS {
                    self.warning(&id, Says::SchemeCoverageHeavy(&id));
                }
                if matches!(metric, Metric::NotesDuplicate { .. }) {
                    self.error(&id, Says::SchemeDeductionOnly(&id));
                }
                Some(metric)
            }
            _ => {
                self.error(&id, Says::SchemeManualOrAuto(&id));
                None
            }
        };
        Some(Item {
            id,
            category: category?,
            name: item.name,
            points: item.points,
            metric,
        })
    }

    fn extra(
        &mut self,
        written: Option<Extra0>,
        what: &str,
        kinds: &[MeetingKind],
        seen: &mut HashSet<String>,
    ) -> Extra {
        let Some(written) = written else {
            return Extra::default();
        };
        if !(written.cap >= 0.0 && written.cap.is_finite()) {
            self.error(what, Says::SchemePoints(what));
        }
        let mut items = Vec::new();
        for item in written.items {
            if !seen.insert(item.id.clone()) {
                self.error(&item.id, Says::SchemeDuplicateId(&item.id));
            }
            if !(item.max > 0.0 && item.max.is_finite()) {
                self.error(&item.id, Says::SchemePoints(&item.id));
            }
            let metric = match item.auto {
                None => None,
                Some(auto) => {
                    let metric = self.metric(&item.id, auto, kinds, item.max);
                    // Only a deduction can be counted: copying is the one thing the
                    // records show against a branch beyond what its items score.
                    if what != "deductions"
                        || !matches!(metric, Some(Metric::NotesDuplicate { .. }))
                    {
                        self.error(&item.id, Says::SchemeExtraAuto(&item.id));
                        continue;
                    }
                    metric
                }
            };
            items.push(ExtraItem {
                id: item.id,
                name: item.name,
                max: item.max,
                metric,
            });
        }
        Extra {
            cap: written.cap,
            items,
        }
    }

    /// The metric `auto` names, with what it needs: a known kind, a band list, a count.
    fn metric(
        &mut self,
        id: &str,
        auto: Auto0,
        kinds: &[MeetingKind],
        points: f64,
    ) -> Option<Metric> {
        let kind = auto.kind.as_deref();
        let metric = match auto.metric.as_str() {
            "meetings.missing" => {
                let kind = self.kind(id, kind, kinds)?;
                let each = self.missing_each(id, auto.each);
                Metric::MeetingsMissing { kind, each }
            }
            "meetings.held-ratio" => Metric::MeetingsHeldRatio {
                kind: self.kind(id, kind, kinds)?,
            },
            "speakers.ratio" => Metric::SpeakersRatio {
                kind: self.kind(id, kind, kinds)?,
            },
            "attendance.rate" => Metric::AttendanceRate {
                bands: self.bands(id, auto.bands, points)?,
            },
            "secretary.lectures" => Metric::SecretaryLectures {
                min: auto.min.unwrap_or(1),
            },
            "plan.collective" => Metric::PlanCollective,
            "notes.coverage" => Metric::NotesCoverage,
            "notes.duplicate" => Metric::NotesDuplicate {
                each: self.duplicate_each(id, auto.each),
            },
            "review.held" => Metric::ReviewHeld,
            other => {
                self.error(
                    other,
                    Says::SchemeUnknownMetric {
                        metric: other,
                        known: &METRICS.join("、"),
                    },
                );
                return None;
            }
        };
        Some(metric)
    }

    /// The meeting kind named `name`, which the metric of item `id` needs and the book
    /// must know.
    fn kind(&mut self, id: &str, name: Option<&str>, kinds: &[MeetingKind]) -> Option<KindId> {
        let Some(name) = name else {
            self.error(id, Says::SchemeNeeds { id, key: "kind" });
            return None;
        };
        let found = kinds.iter().position(|k| k.name == name).map(KindId);
        if found.is_none() {
            let known: Vec<&str> = kinds.iter().map(|k| k.name.as_str()).collect();
            self.error(
                name,
                Says::SchemeUnknownKind {
                    kind: name,
                    known: &known.join("、"),
                },
            );
        }
        found
    }

    /// What `meetings.missing` takes off for each period not held: `each` (−1 when not
    /// written), which must be below 0.
    fn missing_each(&mut self, id: &str, each: Option<f64>) -> f64 {
        let each = each.unwrap_or(-1.0);
        if !(each < 0.0 && each.is_finite()) {
            self.error(id, Says::SchemeEachNegative(id));
        }
        each
    }

    /// What `notes.duplicate` counts for each copy: `each` (1 when not written), which
    /// must be above 0.
    fn duplicate_each(&mut self, id: &str, each: Option<f64>) -> f64 {
        let each = each.unwrap_or(1.0);
        if !(each > 0.0 && each.is_finite()) {
            self.error(id, Says::SchemePoints(id));
        }
        each
    }

    /// The bands of `attendance.rate`: written, highest min first, each min a share and
    /// each band's points at most the item's `points`.
    fn bands(&mut self, id: &str, bands: Option<Vec<Band>>, points: f64) -> Option<Vec<Band>> {
        let Some(bands) = bands else {
            self.error(id, Says::SchemeNeeds { id, key: "bands" });
            return None;
        };
        let ordered = bands.windows(2).all(|p| p[1].min < p[0].min);
        let fits = bands
            .iter()
            .all(|b| (0.0..=1.0).contains(&b.min) && (0.0..=points).contains(&b.points));
        if bands.is_empty() || !ordered || !fits {
            self.error(id, Says::SchemeBands(id));
        }
        Some(bands)
    }
}

/// The SHA-256 of `bytes`, in lowercase hex.
fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}
