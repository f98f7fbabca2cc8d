//! The index on small sites written in memory, read back by a reference reader that
//! searches the way the theme's script does: terms of the query, postings intersected,
//! phrases checked against positions.

use super::buckets::{self, FIELD_BITS, IN_TAGS};
use super::*;
use crate::check::{Checked, Entry};
use crate::i18n::Lang;
use crate::load::plan::{Plan, PlanItem};
use crate::load::roster::{Member, Roster};
use crate::load::{note_from_bytes, Loaded, Reading};
use chrono::NaiveDate;
use serde_json::Value;
use std::collections::{BTreeSet, HashMap};
use tokens::Term;

/// A note for a test site: title, author id, tags, body.
struct Spec<'a> {
    title: &'a str,
    author: usize,
    tags: &'a [&'a str],
    body: &'a str,
}

fn note(title: &'static str, body: &'static str) -> Spec<'static> {
    Spec {
        title,
        author: 0,
        tags: &[],
        body,
    }
}

fn loaded(notes: &[Spec<'_>]) -> Loaded {
    let member = |id: &str, name: &str, branch: &str| Member {
        id: id.into(),
        name: name.into(),
        branch: branch.into(),
        role: None,
        group: None,
    };
    Loaded {
        roster: Roster::from_members(vec![
            member("zhangsan", "张三", "第一党支部"),
            member("lisi", "李四", "机关第二党支部"),
        ]),
        kinds: crate::kinds::defaults(),
        plan: Plan::from_items(vec![PlanItem {
            id: "2022-03-ideology".into(),
            title: "意识形态工作专题学习".into(),
            kind: "理论中心组学习".into(),
            start: None,
            due: NaiveDate::from_ymd_opt(2022, 3, 31).unwrap(),
            branches: vec![],
        }]),
        notes: notes
            .iter()
            .enumerate()
            .map(|(i, n)| {
                let text = format!("---\ntitle: {}\n---\n\n{}\n", n.title, n.body);
                let path = format!("n{i}.md");
                note_from_bytes(
                    text.as_bytes().to_vec(),
                    path.clone(),
                    path,
                    Reading {
                        image_roots: None,
                        lang: Lang::Zh,
                        allow_html: false,
                        html: true,
                        today: chrono::NaiveDate::from_ymd_opt(2026, 12, 5).unwrap(),
                    },
                )
            })
            .collect(),
        assets: vec![],
        withheld: Default::default(),
        skipped: Default::default(),
        renamed_documents: Default::default(),
        drafts_only: Default::default(),
        problems: vec![],
        html: true,
    }
}

fn checked(notes: &[Spec<'_>]) -> Checked {
    let entries = notes
        .iter()
        .enumerate()
        .map(|(i, n)| Entry {
            note: crate::ids::NoteId(i),
            title: n.title.into(),
            member: crate::ids::MemberId(n.author),
            date: NaiveDate::from_ymd_opt(2022, 3, 1).unwrap() + chrono::Days::new(i as u64),
            study: if i == 0 {
                vec![crate::ids::ItemId(0)]
            } else {
                vec![]
            },
            kind: "个人自学".into(),
            tags: n.tags.iter().map(|t| t.to_string()).collect(),
            draft: false,
        })
        .collect();
    Checked {
        entries,
        ..Checked::default()
    }
}

/// The index files of a site of `notes`, read back.
fn index_of(notes: &[Spec<'_>]) -> Reader {
    let (loaded, checked) = (loaded(notes), checked(notes));
    let model = Model::new(&loaded, &checked, false);
    Reader::new(&index(&model))
}

struct Reader {
    files: HashMap<String, Value>,
}

/// The value of one base-64 digit.
fn digit(b: u8) -> u32 {
    encode::DIGITS.iter().position(|&d| d == b).unwrap() as u32
}

/// The numbers of a string of base-64 digits.
fn numbers(text: &str) -> Vec<u32> {
    let (mut out, mut value, mut shift) = (Vec::new(), 0, 0);
    for b in text.bytes() {
        let digit = digit(b);
        value |= (digit & 31) << shift;
        if digit & 32 == 0 {
            out.push(value);
            (value, shift) = (0, 0);
        } else {
            shift += 5;
        }
    }
    out
}

impl Reader {
    fn new(pages: &[Page]) -> Reader {
        let files: HashMap<String, Value> = pages
            .iter()
            .map(|page| {
                let text = std::str::from_utf8(&page.bytes).unwrap();
                let args = text
                    .strip_prefix("studybookSearch.add(")
                    .and_then(|t| t.strip_suffix(");\n"))
                    .unwrap_or_else(|| panic!("{} is not a registration", page.path));
                let args: Value = serde_json::from_str(&format!("[{args}]")).unwrap();
                let name = args[0].as_str().unwrap();
                assert_eq!(page.path, format!("search/{name}.js"));
                (name.to_string(), args[1].clone())
            })
            .collect();
        Reader { files }
    }

    /// The entry of `term` in its file of `kind` (t or p), found as the search script
    /// finds it: the last file starting at or before its bucket.
    fn entry(&self, kind: &str, term: &Term) -> Option<&str> {
        let manifest = &self.files["index"];
        let buckets = manifest["buckets"].as_u64().unwrap() as usize;
        let bucket = buckets::bucket(encode::hash(term.chars()), buckets);
        let starts = manifest[kind].as_array().unwrap();
        let file = starts
            .iter()
            .rposition(|start| start.as_u64().unwrap() as usize <= bucket)
            .unwrap();
        self.files[&format!("{kind}/{file}")][term.text()].as_str()
    }

    /// (note, weight) for every note holding `term`.
    fn postings(&self, term: &Term) -> Vec<(u32, u32)> {
        let numbers = numbers(self.entry("t", term).unwrap_or(""));
        let Some((&weights, rest)) = numbers.split_first() else {
            return Vec::new();
        };
        let (table, notes) = rest.split_at(weights as usize);
        let mut note = -1i64;
        notes
            .iter()
            .map(|&n| {
                note += (n / weights) as i64 + 1;
                (note as u32, table[(n % weights) as usize])
            })
            .collect()
    }

    /// Positions of `term` in each note of its postings, in the same order.
    fn positions(&self, term: &Term) -> Vec<BTreeSet<u32>> {
        let text = self.entry("p", term).unwrap_or("");
        if text.is_empty() {
            return Vec::new();
        }
        let digits: Vec<u32> = text.bytes().map(digit).collect();
        let bits: Vec<u32> = digits[2..]
            .iter()
            .flat_map(|d| (0..6).rev().map(move |i| d >> i & 1))
            .collect();
        let mut bits = bits.into_iter();
        let mut read = |width: u32| (0..width).fold(0, |v, _| v << 1 | bits.next().unwrap());
        let (k_first, k_gap) = (digits[0], digits[1]);
        let notes = self.postings(term).len();
        let mut out = Vec::new();
        for _ in 0..notes {
            let mut zeros = 0;
            while read(1) == 0 {
                zeros += 1;
            }
            let count = 1 << zeros | read(zeros);
            let mut rice = |k: u32| {
                let mut q = 0;
                while read(1) == 1 {
                    q += 1;
                }
                q << k | read(k)
            };
            let mut at = rice(k_first);
            let mut list = BTreeSet::from([at]);
            for _ in 1..count {
                at += rice(k_gap) + 1;
                list.insert(at);
            }
            out.push(list);
        }
        out
    }

    /// Titles of the notes holding `word` as a phrase: notes holding all its terms, then
    /// checked against the positions of the fewest terms that pin every position, as the
    /// search script does.
    fn find(&self, word: &str) -> Vec<String> {
        let terms = tokens::terms(word);
        let Some((first, _)) = terms.first() else {
            return vec![];
        };
        let mut notes: BTreeSet<u32> = self.postings(first).iter().map(|p| p.0).collect();
        for (term, _) in &terms[1..] {
            let holding: BTreeSet<u32> = self.postings(term).iter().map(|p| p.0).collect();
            notes.retain(|n| holding.contains(n));
        }
        let pins = cover(&terms);
        let places: Vec<HashMap<u32, BTreeSet<u32>>> = pins
            .iter()
            .map(|(term, _)| {
                let notes = self.postings(term).into_iter().map(|p| p.0);
                notes.zip(self.positions(term)).collect()
            })
            .collect();
        notes.retain(|note| {
            places[0][note].iter().any(|&at| {
                let Some(base) = at.checked_sub(pins[0].1) else {
                    return false;
                };
                pins.iter()
                    .zip(&places)
                    .all(|((_, off), place)| place[note].contains(&(base + off)))
            })
        });
        notes.iter().map(|&n| self.title(n)).collect()
    }

    /// The entry of note `note` in its note file: [title, link, author, branch, date, text].
    fn shown(&self, note: u32) -> &Value {
        let group = files::GROUP;
        &self.files[&format!("d/{}", note as usize / group)][note as usize % group]
    }

    fn title(&self, note: u32) -> String {
        self.shown(note)[0].as_str().unwrap().to_string()
    }
}

/// The fewest terms that pin every position of a word: a pair pins two, anything else
/// one. The same greedy choice as the search script's `cover`.
fn cover(terms: &[(Term, u32)]) -> Vec<(Term, u32)> {
    let span = |t: &Term| if matches!(t, Term::Pair(..)) { 2 } else { 1 };
    let units: BTreeSet<u32> = terms
        .iter()
        .flat_map(|(t, at)| *at..*at + span(t))
        .collect();
    let mut pins: Vec<(Term, u32)> = Vec::new();
    let mut covered = None;
    for unit in units {
        if covered.is_some_and(|c| unit <= c) {
            continue;
        }
        let best = terms
            .iter()
            .filter(|(t, at)| *at <= unit && unit < at + span(t))
            .max_by_key(|(t, at)| at + span(t))
            .unwrap();
        covered = Some(best.1 + span(&best.0) - 1);
        pins.push(best.clone());
    }
    pins
}

fn titles(list: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = list.iter().map(|t| t.to_string()).collect();
    out.sort();
    out
}

fn sorted(mut found: Vec<String>) -> Vec<String> {
    found.sort();
    found
}

#[test]
fn a_two_character_word_finds_exactly_the_notes_holding_it() {
    let index = index_of(&[
        note("甲", "坚持节水优先、**治水**为民。"),
        note("乙", "治理水环境，水治理。"),
        note("丙", "要治，水要管。"),
        note("关于治水的体会", "防汛工作。"),
    ]);
    assert_eq!(
        sorted(index.find("治水")),
        titles(&["甲", "关于治水的体会"])
    );
    assert_eq!(sorted(index.find("治理")), titles(&["乙"]));
}

#[test]
fn a_word_spanning_punctuation_does_not_match() {
    let index = index_of(&[note("甲", "学习，习近平新时代中国特色社会主义思想。")]);
    assert!(index.find("习习").is_empty());
    assert_eq!(index.find("学习"), titles(&["甲"]));
    assert_eq!(index.find("习近平"), titles(&["甲"]));
    assert!(index.find("学习习近平").is_empty());
}

#[test]
fn latin_words_are_whole_and_case_insensitive() {
    let index = index_of(&[
        note("甲", "用 Python 统计 GDP 数据。"),
        note("乙", "GDPR 与数据安全。"),
    ]);
    for query in ["gdp", "GDP", "Gdp", "ＧＤＰ"] {
        assert_eq!(index.find(query), titles(&["甲"]), "{query}");
    }
    assert_eq!(index.find("python"), titles(&["甲"]));
    assert!(index.find("pyth").is_empty(), "words are whole");
}

#[test]
fn phrases_match_as_phrases_not_as_scattered_pairs() {
    let index = index_of(&[
        note("甲", "加强电脑网络安全管理。"),
        note("乙", "买了电脑，脑网相连，网络通畅。"),
        note("丙", "电脑与网络。"),
    ]);
    assert_eq!(index.find("电脑网络"), titles(&["甲"]));
    assert_eq!(sorted(index.find("电脑")), titles(&["甲", "乙", "丙"]));
    // One pair twice: its positions decide.
    let index = index_of(&[note("甲", "哈哈，哈哈。"), note("乙", "哈哈哈。")]);
    assert_eq!(index.find("哈哈哈"), titles(&["乙"]));
}

#[test]
fn a_phrase_is_not_pieced_together_across_a_space() {
    // Every pair of 学习教育 is here, and 学习 and 育 sit at the right distance, but a
    // space divides the phrase.
    let index = index_of(&[
        note("甲", "学习 教育，习教。"),
        note("乙", "党史学习教育。"),
    ]);
    assert_eq!(index.find("学习教育"), titles(&["乙"]));
}

#[test]
fn every_substring_of_a_run_finds_its_note() {
    let body = "把节水贯穿于经济社会发展全过程，推进河湖长制从有名有实走向有能有效";
    let index = index_of(&[note("甲", body), note("乙", "其他内容")]);
    for run in body.split('，') {
        let chars: Vec<char> = run.chars().collect();
        for len in 2..=chars.len().min(8) {
            for start in 0..=chars.len() - len {
                let word: String = chars[start..start + len].iter().collect();
                assert_eq!(index.find(&word), titles(&["甲"]), "{word}");
            }
        }
    }
}

#[test]
fn numbers_beside_han_characters_are_found() {
    let index = index_of(&[
        note("甲", "2035年远景目标"),
        note("乙", "2035，年度"),
        note("丙", "第3季度"),
    ]);
    assert_eq!(index.find("2035年"), titles(&["甲"]));
    assert_eq!(index.find("2035年远景"), titles(&["甲"]));
    assert_eq!(sorted(index.find("2035")), titles(&["甲", "乙"]));
    assert_eq!(index.find("第3季"), titles(&["丙"]));
    assert!(index.find("3季度").len() == 1 && index.find("年度").len() == 1);
}

#[test]
fn author_branch_tags_plan_items_and_date_are_searched_and_weighted() {
    let index = index_of(&[
        Spec {
            title: "甲",
            author: 1,
            tags: &["防汛"],
            body: "学习内容。",
        },
        note("乙", "防汛抗旱。"),
    ]);
    assert_eq!(index.find("李四"), titles(&["甲"]));
    assert_eq!(index.find("第二党支部"), titles(&["甲"]));
    assert_eq!(index.find("意识形态"), titles(&["甲"]), "plan item title");
    assert_eq!(index.find("2022-03-01"), titles(&["甲"]));
    let weights: Vec<u32> = index
        .postings(&Term::Pair('防', '汛'))
        .iter()
        .map(|p| p.1)
        .collect();
    // Newest first: 乙 with one body hit, then 甲 with the tag bit.
    assert_eq!(weights, vec![1 << FIELD_BITS, IN_TAGS]);
}

#[test]
fn files_are_laid_out_as_documented() {
    let index = index_of(&[note("甲", "节水优先。"), note("乙", "空间均衡。")]);
    assert_eq!(index.files["index"]["notes"], 2);
    let filters = &index.files["filters"];
    assert_eq!(filters["members"][1], serde_json::json!(["李四", 1]));
    assert_eq!(filters["first_year"], 2022);
    // Newest first: note 0 is 乙 (dated later).
    assert_eq!(index.title(0), "乙");
    assert_eq!(index.shown(1)[1], "n0");
    assert_eq!(index.shown(1)[5], "节水优先。");
    // Member 0, year 2022 + 0, no plan item; then member 0, year 0, plan item 0.
    assert_eq!(
        numbers(index.files["f/0"].as_str().unwrap()),
        vec![0, 0, 0, 0, 0, 1, 0]
    );
}

#[test]
fn a_large_site_spreads_over_many_files_and_every_phrase_is_still_found() {
    // 600 notes drawn from twelve characters: every pair is common, so terms, positions
    // and notes each take several files.
    const CHARS: [char; 12] = [
        '治', '水', '节', '约', '防', '汛', '河', '湖', '长', '制', '责', '任',
    ];
    let mut seed = 7u32;
    let mut next = || {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
        CHARS[(seed >> 16) as usize % CHARS.len()]
    };
    let bodies: Vec<String> = (0..600)
        .map(|_| (0..80).map(|_| next()).collect())
        .collect();
    let names: Vec<String> = (0..600).map(|i| format!("t{i}")).collect();
    let notes: Vec<Spec<'_>> = names
        .iter()
        .zip(&bodies)
        .map(|(title, body)| Spec {
            title,
            author: 0,
            tags: &[],
            body,
        })
        .collect();
    let index = index_of(&notes);
    for kind in ["t/", "p/", "d/"] {
        let files = index.files.keys().filter(|k| k.starts_with(kind)).count();
        assert!(files > 2, "{kind}: {files} files");
    }
    let chars: Vec<Vec<char>> = bodies.iter().map(|b| b.chars().collect()).collect();
    for (note, start, len) in [
        (5, 10, 2),
        (77, 0, 3),
        (300, 40, 4),
        (599, 70, 5),
        (123, 33, 6),
    ] {
        let query: String = chars[note][start..start + len].iter().collect();
        let holding: Vec<String> = names
            .iter()
            .zip(&bodies)
            .filter(|(_, body)| body.contains(&query))
            .map(|(title, _)| title.clone())
            .collect();
        assert!(
            holding.len() > 1 || len > 3,
            "{query} is too rare to test much"
        );
        assert_eq!(sorted(index.find(&query)), sorted(holding), "{query}");
    }
}
