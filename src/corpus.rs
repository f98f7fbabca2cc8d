//! A deterministic generator of realistic sites, for benchmarks and large-site tests.
//!
//! N notes by M members in branches of about twelve, over a plan of K items: Chinese
//! prose of 600-1,500 characters with headings, lists, quotes and bold, realistic front
//! matter, and a fraction of notes the check must reject (title-only, too short, copied).
//! The same arguments always write the same bytes.

use std::fmt::Write as _;
use std::io;
use std::path::Path;

/// What to generate.
#[derive(Debug, Clone, Copy)]
pub struct Spec {
    pub notes: usize,
    pub members: usize,
    pub plan_items: usize,
    /// One note in `reject_every` is made to fail the check.
    pub reject_every: usize,
    /// Meeting records, spread over the branches and the year; one in `reject_every`
    /// lacks its place. The first three members of each branch are its committee.
    pub meetings: usize,
    pub seed: u64,
}

impl Spec {
    /// A site of `notes` notes with members and plan scaled like a real organisation.
    pub fn with_notes(notes: usize) -> Spec {
        Spec {
            notes,
            members: (notes / 30).clamp(12, 2000),
            plan_items: 24,
            reject_every: 20,
            meetings: notes / 40,
            seed: 2022,
        }
    }
}

/// xorshift64*: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "林", "罗", "高",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超", "霞",
    "平", "刚", "桂英", "建华", "志强", "海燕", "晓东", "文博",
];
const KINDS: &[&str] = &[
    "理论中心组学习",
    "主题党日",
    "党课",
    "支部党员大会",
    "专题学习",
];
const TOPICS: &[&str] = &[
    "意识形态工作",
    "节水优先方针",
    "河湖长制",
    "防汛抗旱",
    "党风廉政建设",
    "党史学习教育",
    "安全生产",
    "水资源管理",
    "乡村振兴",
    "作风建设",
    "优化营商环境",
    "基层党建",
];
const SUBJECTS: &[&str] = &[
    "我们科室",
    "基层一线",
    "各级河湖长",
    "机关党员",
    "年轻干部",
    "业务骨干",
    "支部班子",
    "全体职工",
    "水文站",
    "执法队伍",
    "项目建设单位",
    "乡镇水利站",
];
const VERBS: &[&str] = &[
    "要切实增强",
    "必须始终坚持",
    "应当认真落实",
    "需要进一步完善",
    "要牢固树立",
    "必须持续深化",
    "要不断提高",
    "应当主动对接",
    "需要统筹推进",
    "要着力加强",
];
const OBJECTS: &[&str] = &[
    "责任意识和担当精神",
    "调查研究的工作方法",
    "依法行政的制度保障",
    "节约用水的刚性约束",
    "风险隐患的排查整治",
    "为民服务的具体举措",
    "工程质量的全过程管理",
    "信息发布的审核机制",
    "干部队伍的能力建设",
    "群众反映问题的办理",
];
const TAILS: &[&str] = &[
    "，把学习成果转化为推动工作的实际成效",
    "，确保各项任务落地见效",
    "，做到守土有责、守土负责、守土尽责",
    "，让群众真正感受到变化",
    "，在防汛备汛等急难险重任务中经受考验",
    "，切实解决群众急难愁盼问题",
    "，以钉钉子精神抓好落实",
    "，推动形成长效机制",
];
/// Common characters, drawn two at a time as filler words so that generated notes differ
/// from each other the way real ones do.
const COMMON: &str = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处府研";

const REFLECTIONS: &[&str] = &[
    "回顾去年汛期的工作，我深感",
    "结合本职工作，我认识到",
    "对照先进典型，我发现自己",
    "通过这次学习，我体会到",
    "联系科室实际，我感到",
    "在与同志们交流时，大家普遍认为",
];

/// Writes a whole site (book.toml, roster, plan, notes) under `root`, which must be new
/// or empty: the corpus never overwrites or mixes with anyone's files (an `AlreadyExists`
/// error touches nothing).
pub fn write_site(root: &Path, spec: &Spec) -> io::Result<()> {
    refuse_if_not_empty(root)?;
    let mut rng = Rng(spec.seed.max(1));
    std::fs::create_dir_all(root.join("content"))?;
    std::fs::write(root.join("book.toml"), BOOK_TOML)?;
    let branches = spec.members.div_ceil(12).max(1);
    let members: Vec<Member> = (0..spec.members)
        .map(|i| Member {
            id: format!("m{i:05}"),
            name: member_name(&mut rng, i),
            branch: i % branches,
        })
        .collect();
    std::fs::write(
        root.join("content/members.yaml"),
        roster(&members, branches),
    )?;
    std::fs::write(root.join("content/plan.yaml"), plan(spec))?;
    for member in &members {
        std::fs::create_dir_all(root.join("content").join(&member.id))?;
    }
    write_notes(root, spec, &mut rng, &members)?;
    for r in 0..spec.meetings {
        write_meeting(root, spec, &mut rng, &members, branches, r)?;
    }
    Ok(())
}

/// The generated site's book.toml.
const BOOK_TOML: &str = "[book]\ntitle = \"生成的理论学习笔记\"\n\n[check]\nmin-chars = 200\nrequired-sections = [\"学习内容\", \"心得体会\"]\n";

/// A generated member: roster id, name, and the index of their branch.
struct Member {
    id: String,
    name: String,
    branch: usize,
}

/// An `AlreadyExists` error where `root` holds anything.
fn refuse_if_not_empty(root: &Path) -> io::Result<()> {
    if std::fs::read_dir(root).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(io::Error::new(
            io::ErrorKind::AlreadyExists,
            format!(
                "{} is not empty: give a new or empty folder",
                root.display()
            ),
        ));
    }
    Ok(())
}

/// members.yaml: every member with their branch, the first three of each branch with a
/// `role`.
fn roster(members: &[Member], branches: usize) -> String {
    let mut roster = String::new();
    for (i, member) in members.iter().enumerate() {
        let _ = writeln!(
            roster,
            "- id: {}\n  name: {}\n  branch: 第{}党支部",
            member.id,
            member.name,
            member.branch + 1
        );
        if i / branches < 3 {
            roster.push_str("  role: 委员\n");
        }
    }
    roster
}

/// Writes the notes, each member's in turn into their folder, over the year.
fn write_notes(root: &Path, spec: &Spec, rng: &mut Rng, members: &[Member]) -> io::Result<()> {
    let mut previous_body = String::new();
    for n in 0..spec.notes {
        let id = &members[n % members.len()].id;
        let day = 1 + (n * 7 % 360) as u32;
        let date = chrono::NaiveDate::from_yo_opt(2022, day).unwrap_or_default();
        let item = rng.below(spec.plan_items.max(1));
        let topic = rng.pick(TOPICS);
        let body = note_body(rng, spec, n, topic, &previous_body);
        let text = format!(
            "---\ntitle: 学习{topic}专题心得（{n}）\nauthor: {id}\ndate: {date}\nstudy: item-{item:03}\nkind: {}\ntags: [{topic}, {}]\n---\n\n{body}",
            rng.pick(KINDS),
            rng.pick(TOPICS),
        );
        std::fs::write(
            root.join("content").join(id).join(format!("{date}-{n}.md")),
            text,
        )?;
        previous_body = body;
    }
    Ok(())
}

/// Note `n`'s body: one in `reject_every` fails the check, in turn title-only, too short
/// or a copy of the note before (`previous`, where there is one); the others are whole.
fn note_body(rng: &mut Rng, spec: &Spec, n: usize, topic: &str, previous: &str) -> String {
    match (
        spec.reject_every > 0 && n % spec.reject_every == spec.reject_every - 1,
        n % 3,
    ) {
        (true, 0) => "## 学习内容\n\n## 心得体会\n".to_string(),
        (true, 1) => format!("## 学习内容\n\n学习了{topic}。\n\n## 心得体会\n\n很受教育。\n"),
        (true, _) if !previous.is_empty() => previous.to_string(),
        _ => body(rng, topic),
    }
}

/// The kinds of meeting records, taken in turn, each with its sections.
const MEETING_KINDS: &[(&str, &[&str])] = &[
    ("支部委员会", &["议题", "讨论发言", "决议"]),
    ("主题党日", &["活动内容", "讨论发言"]),
    ("支部党员大会", &["议题", "讨论发言", "决议"]),
    ("党课", &["授课内容"]),
];

/// Meeting record `r`: a kind in turn, in branch `r % branches`, chaired by its first
/// member and recorded by its second.
fn write_meeting(
    root: &Path,
    spec: &Spec,
    rng: &mut Rng,
    members: &[Member],
    branches: usize,
    r: usize,
) -> io::Result<()> {
    let b = r % branches;
    let in_branch: Vec<&Member> = members.iter().filter(|m| m.branch == b).collect();
    let (kind, sections) = MEETING_KINDS[(r / branches) % MEETING_KINDS.len()];
    let month = 1 + ((r / branches) % 12) as u32;
    let date =
        chrono::NaiveDate::from_ymd_opt(2022, month, 5 + (r % 20) as u32).unwrap_or_default();
    let rejected = spec.reject_every > 0 && r % spec.reject_every == spec.reject_every - 1;
    let mut text = meeting_front_matter(kind, b, date, !rejected, &in_branch, r % 5 == 0);
    meeting_sections(rng, &mut text, sections, &in_branch);
    let folder = root.join(format!("content/meetings/第{}党支部", b + 1));
    std::fs::create_dir_all(&folder)?;
    std::fs::write(folder.join(format!("{date}-{r}.md")), text)
}

/// A meeting record's front matter, of a `kind` held in branch `b` on `date`: its place
/// only `with_place`, and the branch's fourth member absent when `with_absent` (not from
/// a committee meeting).
fn meeting_front_matter(
    kind: &str,
    b: usize,
    date: chrono::NaiveDate,
    with_place: bool,
    in_branch: &[&Member],
    with_absent: bool,
) -> String {
    let mut text = format!(
        "---\nmeeting: {kind}\ntitle: 第{}党支部{date}{kind}\nbranch: 第{}党支部\ndate: {date}\n",
        b + 1,
        b + 1
    );
    if with_place {
        text.push_str("place: 三楼会议室\n");
    }
    let _ = writeln!(
        text,
        "host: {}\nrecorder: {}",
        in_branch[0].id,
        in_branch[in_branch.len().min(2) - 1].id
    );
    if kind == "党课" {
        let _ = writeln!(text, "lecturer: {}", in_branch[0].id);
    }
    if let (true, Some(absent)) = (kind != "支部委员会" && with_absent, in_branch.get(3)) {
        let _ = writeln!(text, "absent:\n  - member: {}\n    reason: 出差", absent.id);
    }
    text.push_str("---\n");
    text
}

/// Appends a meeting record's `sections` to `text`: the branch's first three members
/// speaking in 讨论发言, prose on a topic in the others.
fn meeting_sections(rng: &mut Rng, text: &mut String, sections: &[&str], in_branch: &[&Member]) {
    let topic = rng.pick(TOPICS);
    for section in sections {
        let _ = write!(text, "\n## {section}\n\n");
        if *section == "讨论发言" {
            for member in in_branch.iter().take(3) {
                let _ = write!(text, "- {}：", member.name);
                sentences(rng, text, 1);
                text.push('\n');
            }
        } else {
            let _ = write!(text, "围绕{topic}，");
            let count = if sections.len() == 1 { 6 } else { 2 } + rng.below(3);
            sentences(rng, text, count);
            text.push('\n');
        }
    }
}

fn member_name(rng: &mut Rng, i: usize) -> String {
    format!("{}{}{}", rng.pick(SURNAMES), rng.pick(GIVEN), i)
}

fn plan(spec: &Spec) -> String {
    let mut out = String::new();
    for k in 0..spec.plan_items {
        let month = 1 + (k * 12 / spec.plan_items.max(1)) as u32;
        let due = chrono::NaiveDate::from_ymd_opt(2022, month, 28).unwrap_or_default();
        let _ = writeln!(
            out,
            "- id: item-{k:03}\n  title: {}专题学习（第{}期）\n  kind: {}\n  due: {due}",
            TOPICS[k % TOPICS.len()],
            k + 1,
            KINDS[k % KINDS.len()]
        );
    }
    out
}

/// A note body of roughly 600-1,500 characters.
fn body(rng: &mut Rng, topic: &str) -> String {
    let mut out = format!("## 学习内容\n\n本次集中学习了关于{topic}的重要论述和有关文件精神，");
    let count = 3 + rng.below(4);
    sentences(rng, &mut out, count);
    out.push_str("\n\n> ");
    sentences(rng, &mut out, 1);
    out.push_str("\n\n学习中重点记下了以下几点：\n\n");
    for _ in 0..3 {
        out.push_str("- ");
        sentences(rng, &mut out, 1);
        out.push('\n');
    }
    out.push_str("\n## 心得体会\n\n");
    for _ in 0..2 + rng.below(3) {
        out.push_str(rng.pick(REFLECTIONS));
        out.push_str("**");
        out.push_str(rng.pick(OBJECTS));
        out.push_str("**十分重要。");
        let count = 3 + rng.below(4);
        sentences(rng, &mut out, count);
        out.push_str("\n\n");
    }
    out
}

fn sentences(rng: &mut Rng, out: &mut String, count: usize) {
    for _ in 0..count {
        out.push_str(rng.pick(SUBJECTS));
        out.push_str(rng.pick(VERBS));
        for _ in 0..4 + rng.below(4) {
            let at = rng.below(COMMON.len() / 3) * 3;
            out.push_str(&COMMON[at..at + 3]);
        }
        out.push_str(rng.pick(OBJECTS));
        out.push_str(rng.pick(TAILS));
        out.push('。');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_with_files_is_refused_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("book.toml"), "theirs").unwrap();
        let err = write_site(dir.path(), &Spec::with_notes(3)).unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(
            std::fs::read_to_string(dir.path().join("book.toml")).unwrap(),
            "theirs"
        );
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        // New and empty folders are written.
        write_site(&dir.path().join("new"), &Spec::with_notes(3)).unwrap();
        assert!(dir.path().join("new/content/members.yaml").is_file());
    }
}
