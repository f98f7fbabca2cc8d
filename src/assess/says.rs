//! What the assessment tells people: each message with its Chinese and its English side
//! by side, formatted only in the language asked for.

use crate::i18n::Lang;

pub enum Says<'a> {
    SchemeInvalid(&'a str),
    SchemeEmpty(&'a str),
    SchemeHelp,
    SchemeVersion(u32),
    SchemeYear(i32),
    SchemeNoGrades,
    SchemeGradeOrder(&'a str),
    SchemeGradeMin(&'a str),
    SchemeBlend,
    SchemeDuplicateId(&'a str),
    SchemePoints(&'a str),
    SchemeScope(&'a str),
    SchemeNoCategory(&'a str),
    SchemeUnknownCategory(&'a str),
    SchemeUnknownGrade(&'a str),
    SchemeManualOrAuto(&'a str),
    SchemeCoverageHeavy(&'a str),
    SchemeDeductionOnly(&'a str),
    SchemeExtraAuto(&'a str),
    SchemeNeeds {
        id: &'a str,
        key: &'a str,
    },
    SchemeUnknownKind {
        kind: &'a str,
        known: &'a str,
    },
    SchemeEachNegative(&'a str),
    SchemeBands(&'a str),
    SchemeUnknownMetric {
        metric: &'a str,
        known: &'a str,
    },
    SchemeManyItems(usize),
    NoScheme(&'a str),
    NoSchemeHelp,
    SchemeUnreadable {
        path: &'a str,
        reason: &'a str,
    },
    Unscored {
        branch: &'a str,
        items: &'a str,
    },
    NoReview(&'a str),
    Title {
        name: &'a str,
        year: i32,
    },
    ItemsOf(&'a str),
    ReportWithoutAssessment,
    LaterYear {
        year: i32,
        scheme: i32,
    },
    NotSchemeYear {
        asked: i32,
        scheme: i32,
    },
    FixesUnanswered(&'a str),
    SecondAssessment {
        branch: &'a str,
        others: &'a str,
    },
    SecondReview {
        branch: &'a str,
        others: &'a str,
    },
    UnknownScore {
        id: &'a str,
        known: &'a str,
    },
    ScoreAbove {
        id: &'a str,
        points: f64,
    },
    WithheldWithoutReason(&'a str),
    CopiedFrom(&'a str),
    UnknownGroup {
        group: &'a str,
        known: &'a str,
    },
    ResultNoGrade {
        result: &'a str,
        known: &'a str,
    },
    ResultAbove {
        result: &'a str,
        computed: &'a str,
    },
    /// A trace's words, for the table and CSV.
    Trace(&'a super::trace::Trace),
}

impl Says<'_> {
    pub fn text(&self, lang: Lang) -> String {
        let (zh, en) = match self {
            Says::SchemeInvalid(detail) => (
                format!("考核细则有误：{detail}"),
                format!("the assessment scheme is invalid: {detail}"),
            ),
            Says::SchemeEmpty(path) => (
                format!("考核细则 {path} 还没有写（只有注释）：去掉示例各行开头的 # 并按本单位的细则修改"),
                format!("the assessment scheme {path} is not written yet (only comments): uncomment the example and adapt it"),
            ),
            Says::SchemeHelp => (
                "考核细则的写法见 studybook init 新建的站点里的 content/assessment.yaml（每一项都有说明，可以照着改）".into(),
                "see content/assessment.yaml in a site made by studybook init (each item is explained there, to be changed as needed)".into(),
            ),
            Says::SchemeVersion(v) => (
                format!("version: {v} 不是这个 studybook 认识的格式：写 version: 1"),
                format!("version: {v} is not a format this studybook reads: write version: 1"),
            ),
            Says::SchemeYear(y) => (
                format!("year: {y} 不是有效的考核年度，例如 year: 2022"),
                format!("year: {y} is not a valid year, e.g. year: 2022"),
            ),
            Says::SchemeNoGrades => (
                "grades 至少要有一个等次，例如 - {name: 好, min: 90}".into(),
                "grades needs at least one grade, e.g. - {name: 好, min: 90}".into(),
            ),
            Says::SchemeGradeOrder(name) => (
                format!("等次 {name} 的 min 不低于上一个等次：grades 要从高到低写，每个比上一个低"),
                format!("grade {name} has a min no lower than the grade before: list grades highest first"),
            ),
            Says::SchemeGradeMin(name) => (
                format!("等次 {name} 的 min 要写一个分数，例如 min: 90"),
                format!("grade {name}: min must be a score, such as min: 90"),
            ),
            Says::SchemeBlend => (
                "blend 的 work 和 review 都要在 0 到 1 之间，且加起来等于 1，例如 blend: {work: 0.8, review: 0.2}".into(),
                "blend's work and review must each be between 0 and 1 and add up to 1, e.g. blend: {work: 0.8, review: 0.2}".into(),
            ),
            Says::SchemeDuplicateId(id) => (
                format!("{id} 写了不止一次（或是空的）：每个编号和等次名只能出现一次"),
                format!("{id} is written more than once (or is empty): each id and grade name must be unique"),
            ),
            Says::SchemePoints(id) => (
                format!("{id} 的分值要写大于 0 的数"),
                format!("{id}: points must be a number above 0"),
            ),
            Says::SchemeScope(id) => (
                format!("{id} 写了 scope：考核只针对支部，不给党员个人打分或排名"),
                format!("{id} has a scope: the assessment scores branches, never a member"),
            ),
            Says::SchemeNoCategory(id) => (
                format!("{id} 没有写 category：每个考核项目都要归入 categories 里的一类"),
                format!("{id} has no category: every item belongs to one of the categories"),
            ),
            Says::SchemeUnknownCategory(c) => (
                format!("category: {c} 不在 categories 里"),
                format!("category: {c} is not one of the categories"),
            ),
            Says::SchemeUnknownGrade(g) => (
                format!("max-grade: {g} 不是 grades 里的等次"),
                format!("max-grade: {g} is not one of the grades"),
            ),
            Says::SchemeManualOrAuto(id) => (
                format!("{id} 要么写 manual: true（考核组打分），要么写 auto（从记录自动计算），只能写一个"),
                format!("{id} needs either manual: true (scored by the assessors) or auto (counted from the records), not both"),
            ),
            Says::SchemeCoverageHeavy(id) => (
                format!("{id} 用 notes.coverage 计了 10 分以上：学习笔记不应决定支部的等次（整治形式主义为基层减负若干规定）"),
                format!("{id} gives notes.coverage more than 10 points: notes should not decide a branch's grade"),
            ),
            Says::SchemeDeductionOnly(id) => (
                format!("{id}：notes.duplicate 只能用在 deductions 里"),
                format!("{id}: notes.duplicate belongs in deductions"),
            ),
            Says::SchemeExtraAuto(id) => (
                format!("{id}：加分项都由考核组填写；扣分项里只有 notes.duplicate 能自动计算"),
                format!("{id}: bonus items are scored by the assessors; of deductions only notes.duplicate is counted"),
            ),
            Says::SchemeNeeds { id, key } => (
                format!("{id} 的 auto 缺少 {key}"),
                format!("{id}: auto needs {key}"),
            ),
            Says::SchemeUnknownKind { kind, known } => (
                format!("会议类型 {kind} 不在 book.toml 的 [meetings.kinds] 里；可用的有：{known}"),
                format!("meeting kind {kind} is not in [meetings.kinds]; known kinds: {known}"),
            ),
            Says::SchemeEachNegative(id) => (
                format!("{id}：meetings.missing 的 each 是每缺一期扣的分，要写负数，例如 each: -1"),
                format!("{id}: each is what a missing period costs, a negative number such as each: -1"),
            ),
            Says::SchemeBands(id) => (
                format!("{id} 的 bands 要从高到低写，min 在 0 到 1 之间，points 不超过项目分值，例如 bands: [{{min: 0.9, points: 8}}, {{min: 0.8, points: 6}}]"),
                format!("{id}: bands go highest first, each min between 0 and 1 and points at most the item's"),
            ),
            Says::SchemeUnknownMetric { metric, known } => (
                format!("没有 {metric} 这个指标；可用的有：{known}"),
                format!("there is no metric {metric}; the metrics are: {known}"),
            ),
            Says::SchemeManyItems(n) => (
                format!("考核细则有 {n} 个项目：超过 30 项时，考核本身就成了负担，请合并"),
                format!("the scheme has {n} items: past 30 the assessment becomes a burden in itself"),
            ),
            Says::NoScheme(path) => (
                format!("没有考核细则 {path}，无法考核支部"),
                format!("there is no assessment scheme at {path}"),
            ),
            Says::NoSchemeHelp => (
                "由机关党委在年初写好 content/assessment.yaml（照 studybook init 新建的站点里那份带说明的细则改），或在 book.toml 的 [assessment] scheme 里指定位置".into(),
                "write content/assessment.yaml at the start of the year (from the explained one in a site made by studybook init), or name it with [assessment] scheme in book.toml".into(),
            ),
            Says::SchemeUnreadable { path, reason } => (
                format!("无法读取考核细则 {path}：{reason}"),
                format!("cannot read the assessment scheme {path}: {reason}"),
            ),
            Says::Unscored { branch, items } => (
                format!("{branch} 的考核组评分项目还没有打分，暂按 0 分计：{items}"),
                format!("{branch}: the assessors have not scored {items}; counted as 0"),
            ),
            Says::NoReview(branch) => (
                format!("{branch} 没有通过检查的书记述职测评记录，测评得分按 0 分计"),
                format!("{branch} has no accepted review record; its review counts as 0"),
            ),
            Says::Title { name, year } if name.contains(&year.to_string()) => {
                (name.to_string(), name.to_string())
            }
            Says::Title { name, year } => (
                format!("{name}（{year} 年度）"),
                format!("{name} ({year})"),
            ),
            Says::ItemsOf(branch) => (format!("{branch} 评分表"), format!("{branch}: items")),
            Says::FixesUnanswered(path) => (
                format!("上一年度的测评（{path}）提出了整改要求，这份记录没有说落实得怎样：加一节“## 上年整改落实情况”"),
                format!("last year's review ({path}) asked for 整改, and this record does not say how it went: add a section \"## 上年整改落实情况\""),
            ),
            Says::LaterYear { year, scheme } => (
                format!("这份记录写的是 {year} 年度，考核细则是 {scheme} 年度的，没有计入：考核的是哪一年就写哪一年（次年年初的测评也写上一年）"),
                format!("this file says {year}, and the scheme is for {scheme}, so it is not counted: write the year assessed (a review held early the next year is still that year's)"),
            ),
            Says::NotSchemeYear { asked, scheme } => (
                format!("考核细则是 {scheme} 年度的，不能按 {asked} 年度考核：去掉 --year，或换成那一年的考核细则"),
                format!("the scheme is for {scheme}, not {asked}: leave out --year, or put that year's scheme in place"),
            ),
            Says::ReportWithoutAssessment => (
                "考核细则有误，统计报告里没有支部考核结果：运行 studybook assess 查看错误".into(),
                "the assessment scheme has errors, so the report leaves out the assessment: run studybook assess to see them".into(),
            ),
            Says::SecondAssessment { branch, others } => (
                format!("{branch} 这一年还有一份考核文件（{others}）：每个支部每年只能有一份，两份都没有计入，请删掉不要的那份"),
                format!("{branch} has another assessment file for the year ({others}): one per branch and year, so neither is counted; delete the one not wanted"),
            ),
            Says::SecondReview { branch, others } => (
                format!("{branch} 这一年还有一份述职测评记录（{others}）：每个支部每年只能有一份，两份都没有计入，请删掉不要的那份"),
                format!("{branch} has another review record for the year ({others}): one per branch and year, so neither is counted; delete the one not wanted"),
            ),
            Says::UnknownScore { id, known: "" } => (
                format!("考核细则里没有可以打分的 `{id}`：这份细则没有由考核组打分的这类项目"),
                format!("the scheme has no `{id}` to score by hand: it has no such items scored by the assessors"),
            ),
            Says::UnknownScore { id, known } => (
                format!("考核细则里没有可以打分的 `{id}`；考核组能打分的有：{known}"),
                format!("the scheme has no `{id}` to score by hand; the assessors score: {known}"),
            ),
            Says::ScoreAbove { id, points } => (
                format!("`{id}` 的分数超过了它的分值 {points} 分"),
                format!("the score of `{id}` is above its {points} points"),
            ),
            Says::WithheldWithoutReason(id) => (
                format!("`{id}` 没有给满分，要写明扣分理由（reason）"),
                format!("`{id}` is not given full points: say why (reason)"),
            ),
            Says::CopiedFrom(path) => (
                format!("与 {path} 几乎一样：每个支部的评价要写它自己的成绩和问题"),
                format!("nearly the same as {path}: each branch's evaluation must say its own achievements and problems"),
            ),
            Says::UnknownGroup { group, known } => (
                format!("测评人员 `{group}` 不在 book.toml 的 [assessment.review] group-weights 里；有：{known}"),
                format!("the group `{group}` is not in [assessment.review] group-weights; there are: {known}"),
            ),
            Says::ResultNoGrade { result, known } => (
                format!("result: {result} 不是考核细则的等次；等次有：{known}"),
                format!("result: {result} is not a grade of the scheme; the grades are: {known}"),
            ),
            Says::ResultAbove { result, computed } => (
                format!("result: {result} 高于按票数算出的等次 {computed}：要写 result-reason 说明理由"),
                format!("result: {result} is above the grade the ballots give ({computed}): say why in result-reason"),
            ),
            Says::Trace(trace) => trace_text(trace),
        };
        match lang {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

fn trace_text(trace: &super::trace::Trace) -> (String, String) {
    use super::trace::Why;
    let period = trace.period.as_deref().unwrap_or("");
    let path = trace.path.as_deref().unwrap_or("");
    match trace.why {
        Why::Missing => match (&trace.path, &trace.rule) {
            (Some(_), Some(rule)) => (
                format!("{period} 未召开（{path} 未通过检查：{rule}）"),
                format!("{period} not held ({path} rejected: {rule})"),
            ),
            _ => (format!("{period} 未召开"), format!("{period} not held")),
        },
        Why::Held => (format!("{period} {path}"), format!("{period} {path}")),
        Why::NothingDue => ("无应开期数".into(), "nothing due".into()),
        Why::Counted => (path.to_string(), path.to_string()),
        Why::Ratio => {
            let (n, d) = trace.of.unwrap_or((0, 0));
            (format!("{n}/{d}"), format!("{n} of {d}"))
        }
        Why::NothingToMeasure => ("无可计算的记录".into(), "nothing to measure".into()),
        Why::Lectures => {
            let (n, min) = trace.of.unwrap_or((0, 0));
            (
                format!("书记讲党课 {n} 次（至少 {min} 次）"),
                format!("the 书记 lectured {n} times (at least {min})"),
            )
        }
        Why::NoSecretary => ("名册里没有书记".into(), "no 书记 on the roster".into()),
        Why::Unscored => ("考核组未打分".into(), "not scored".into()),
        Why::Duplicate => (
            format!("{path} 与他人笔记雷同"),
            format!("{path} copies another note"),
        ),
        Why::NoReview => ("无述职测评记录".into(), "no review record".into()),
        Why::Scored => (
            format!("考核组评分（{path}）"),
            format!("scored by the assessors ({path})"),
        ),
        Why::Reviewed => (format!("述职测评（{path}）"), format!("reviewed ({path})")),
    }
}
