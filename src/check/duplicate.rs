//! Near-duplicate notes: the same text handed in twice, usually a colleague's note
//! copied with a few words changed.
//!
//! Similarity is the Jaccard index of the notes' sets of 4-character shingles (of their
//! substantive text). Candidates come from MinHash signatures (one-permutation hashing,
//! 128 bins) bucketed by LSH (16 bands of 8 rows: a pair at similarity 0.8 meets in some
//! band with probability 0.95, one at 0.4 with 0.01), so the work grows with the number
//! of notes, not its square. A candidate whose signature already says it is far below
//! the threshold is dropped; the rest are measured exactly.

use chrono::NaiveDate;
use rayon::prelude::*;

/// Characters per shingle: long enough that common phrases of unrelated notes on one
/// topic share few, short enough that a changed word breaks few.
pub const SHINGLE: usize = 4;
const BINS: usize = 128;
const BANDS: usize = 16;
const ROWS: usize = BINS / BANDS;
/// Fewer shingles than this and a similarity means little.
const MIN_SHINGLES: usize = 20;
/// Earlier bucket members looked at per note and band (the earliest ones), so a thousand
/// copies of one text stay linear.
const MAX_BUCKET_SCAN: usize = 64;
/// How far below the threshold a signature's estimate may fall and still be measured:
/// about four standard errors of a 128-bin estimate.
const ESTIMATE_MARGIN: f64 = 0.15;
/// The same member's two notes are duplicates only when nearly identical: notes on
/// related items may share passages.
pub const SAME_MEMBER_SIMILARITY: f64 = 0.95;

/// Who wrote a note, as duplicate detection groups notes: one writer's two notes need
/// near identity to be duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Writer {
    Member(crate::ids::MemberId),
    /// A meeting record's branch.
    Branch(crate::ids::BranchId),
    /// Nobody known: the note is its own writer.
    Unknown(usize),
}

/// A note as duplicate detection sees it.
pub struct Candidate<'a> {
    pub note: usize,
    pub member: Writer,
    pub date: Option<NaiveDate>,
    pub path: &'a str,
    pub text: &'a str,
    /// The text's MinHash signature, from [`signature`].
    pub signature: &'a Signature,
    /// Whether the note passed every other rule. A rejected note is never named as the
    /// original: a member who rewrote a rejected note in a new file has copied nobody.
    pub accepted: bool,
}

/// `note` is a near-copy of the earlier `original`.
#[derive(Debug, Clone, PartialEq)]
pub struct Duplicate {
    pub note: usize,
    pub original: usize,
    pub similarity: f64,
}

/// Finds every note that nearly copies an earlier one (by date, then path), naming the
/// earliest such note. Notes by different members are duplicates from `threshold` up;
/// notes by one member from [`SAME_MEMBER_SIMILARITY`].
pub fn find(candidates: &[Candidate<'_>], threshold: f64) -> Vec<Duplicate> {
    let mut order: Vec<&Candidate<'_>> = candidates.iter().collect();
    order.sort_by(|a, b| {
        (a.date.is_none(), a.date, a.path).cmp(&(b.date.is_none(), b.date, b.path))
    });
    // Every (band key, note) pair, sorted: each run of one key is a bucket, its notes in
    // order, so a note's candidates are the members of its runs that come before it.
    let mut keyed: Vec<(u64, u32)> = order
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, c)| (0..BANDS).map(move |band| (band_key(c.signature, band), i as u32)))
        .collect();
    keyed.par_sort_unstable();
    let mut pairs: Vec<(u32, u32)> = Vec::new();
    for bucket in keyed
        .chunk_by(|a, b| a.0 == b.0)
        .filter(|run| run.len() > 1)
    {
        for (k, &(_, i)) in bucket.iter().enumerate().skip(1) {
            pairs.extend(
                bucket[..k.min(MAX_BUCKET_SCAN)]
                    .iter()
                    .map(|&(_, j)| (i, j)),
            );
        }
    }
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
        .chunk_by(|a, b| a.0 == b.0)
        .collect::<Vec<_>>()
        .into_par_iter()
        .filter_map(|earlier| {
            let i = earlier[0].0 as usize;
            // The earliest earlier note that is similar enough.
            earlier
                .iter()
                .map(|&(_, j)| j as usize)
                .filter(|&j| order[j].accepted)
                .find_map(|j| {
                    let needed = if order[i].member == order[j].member {
                        SAME_MEMBER_SIMILARITY.max(threshold)
                    } else {
                        threshold
                    };
                    if estimate(order[i].signature, order[j].signature) < needed - ESTIMATE_MARGIN {
                        return None;
                    }
                    let similarity = jaccard(order[i].text, order[j].text);
                    (similarity >= needed).then(|| Duplicate {
                        note: order[i].note,
                        original: order[j].note,
                        similarity,
                    })
                })
        })
        .collect()
}

/// A note's MinHash signature: the minimum hash per bin.
pub type Signature = [u32; BINS];

/// The signature of a note's substantive text, or None when the text is too short for a
/// similarity to mean anything. Computed once per note, when it is loaded.
pub fn signature(text: &str) -> Option<Box<Signature>> {
    (text.chars().nth(SHINGLE + MIN_SHINGLES - 1).is_some()).then(|| Box::new(min_hashes(text)))
}

/// One-permutation MinHash: each shingle hashed once, the minimum kept per bin, empty
/// bins filled from the next non-empty one so that signatures stay comparable.
fn min_hashes(text: &str) -> Signature {
    let mut bins = [u32::MAX; BINS];
    for_each_shingle(text, |hash| {
        let bin = (hash >> (64 - BINS.trailing_zeros())) as usize;
        // Branch-free: which shingle lowers a bin is a coin toss the predictor loses.
        bins[bin] = bins[bin].min(hash as u32);
    });
    for i in 0..BINS {
        if bins[i] == u32::MAX {
            if let Some(k) = (1..BINS)
                .map(|k| (i + k) % BINS)
                .find(|&k| bins[k] != u32::MAX)
            {
                bins[i] = bins[k].wrapping_add(i as u32);
            }
        }
    }
    bins
}

/// The share of equal bins: an estimate of the Jaccard index.
fn estimate(a: &Signature, b: &Signature) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / BINS as f64
}

fn band_key(sig: &Signature, band: usize) -> u64 {
    sig[band * ROWS..(band + 1) * ROWS]
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h, &v| mix(h ^ u64::from(v)))
}

/// Exact Jaccard index of two texts' shingle sets.
pub fn jaccard(a: &str, b: &str) -> f64 {
    let (a, b) = (shingles(a), shingles(b));
    let (mut i, mut j, mut common) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    let union = a.len() + b.len() - common;
    if union == 0 {
        0.0
    } else {
        common as f64 / union as f64
    }
}

fn shingles(text: &str) -> Vec<u64> {
    let mut out = Vec::with_capacity(text.len() / 3);
    for_each_shingle(text, |h| out.push(h));
    out.sort_unstable();
    out.dedup();
    out
}

fn for_each_shingle(text: &str, mut f: impl FnMut(u64)) {
    const _: () = assert!(
        SHINGLE == 4,
        "the window below holds three characters and the next"
    );
    // A character is at most 21 bits: the last three fit one u64 exactly, shifted along
    // as the text goes by, so each shingle costs one multiply before the finaliser (not
    // four steps of a hash chain). The window lives in a register.
    const MASK: u64 = (1 << 63) - 1;
    let mut chars = text.chars().map(u64::from);
    let (Some(a), Some(b), Some(c)) = (chars.next(), chars.next(), chars.next()) else {
        return;
    };
    let mut window = (a << 42) | (b << 21) | c;
    for d in chars {
        f(mix(window.wrapping_mul(0x517c_c1b7_2722_0a95) ^ d));
        window = ((window << 21) | d) & MASK;
    }
}

/// splitmix64's finaliser: spreads a hash over all 64 bits.
fn mix(mut x: u64) -> u64 {
    x ^= x >> 30;
    x = x.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x ^= x >> 27;
    x = x.wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "节水优先是新时代治水思路的首要要求我们要把节约用水贯穿于经济社会发展和群众生产生活全过程在农业上推广高效节水灌溉在工业上推动节水技术改造在城镇推进节水型社会建设同时要加强用水定额管理强化计划用水和超定额累进加价制度让节约用水成为全社会的自觉行动";

    fn candidate<'a>(note: usize, member: usize, day: u32, text: &'a str) -> Candidate<'a> {
        Candidate {
            note,
            member: Writer::Member(crate::ids::MemberId(member)),
            date: NaiveDate::from_ymd_opt(2022, 9, day),
            path: "p",
            text,
            signature: Box::leak(signature(text).expect("long enough")),
            accepted: true,
        }
    }

    #[test]
    fn shingles_are_every_run_of_four_characters() {
        let all = |text: &str| {
            let mut seen = Vec::new();
            for_each_shingle(text, |h| seen.push(h));
            seen
        };
        // Each window of four characters, in order, hashed as that window alone is.
        let windows = ["学习a笔", "习a笔记"];
        let expected: Vec<u64> = windows.iter().flat_map(|w| all(w)).collect();
        assert_eq!(all("学习a笔记"), expected);
        assert_eq!(expected.len(), 2);
        assert_ne!(expected[0], expected[1]);
        // The order of the characters counts, and so does each one.
        assert_ne!(all("习学a笔"), all("学习a笔"));
        assert_ne!(all("学习b笔"), all("学习a笔"));
        for short in ["", "学", "学习", "学习a"] {
            for_each_shingle(short, |_| panic!("{short:?} is too short for a shingle"));
        }
    }

    #[test]
    fn a_copy_with_a_few_words_changed_is_found_and_names_the_earlier_note() {
        let copy = ORIGINAL
            .replace("我们要", "我们必须")
            .replace("同时", "此外");
        let notes = [candidate(0, 1, 20, &copy), candidate(1, 2, 10, ORIGINAL)];
        let found = find(&notes, 0.8);
        assert_eq!(found.len(), 1);
        assert_eq!((found[0].note, found[0].original), (0, 1));
        assert!(found[0].similarity > 0.8);
    }

    #[test]
    fn different_notes_on_one_topic_are_not_duplicates() {
        let other = "学习节水优先方针后我对本科室的工作有了新的认识水资源管理科要从严控制取水许可把水资源论证作为项目审批的前置条件对高耗水项目一律从严把关今年计划对全市重点取水户开展一次全面核查发现超许可取水的依法处理";
        assert!(find(
            &[candidate(0, 1, 1, ORIGINAL), candidate(1, 2, 2, other)],
            0.8
        )
        .is_empty());
        assert!(jaccard(ORIGINAL, other) < 0.2);
    }

    #[test]
    fn the_same_member_needs_near_identity() {
        let revised = ORIGINAL
            .replace("我们要", "我们必须")
            .replace("同时", "此外");
        assert!(find(
            &[candidate(0, 1, 1, ORIGINAL), candidate(1, 1, 2, &revised)],
            0.8
        )
        .is_empty());
        assert_eq!(
            find(
                &[candidate(0, 1, 1, ORIGINAL), candidate(1, 1, 2, ORIGINAL)],
                0.8
            )
            .len(),
            1
        );
    }

    #[test]
    fn a_rejected_note_is_never_the_original() {
        let mut rejected = candidate(0, 1, 1, ORIGINAL);
        rejected.accepted = false;
        assert!(find(&[rejected, candidate(1, 1, 2, ORIGINAL)], 0.8).is_empty());
    }

    #[test]
    fn many_copies_each_name_the_earliest() {
        let notes: Vec<Candidate<'_>> = (0..200)
            .map(|i| candidate(i, i, 1 + (i % 28) as u32, ORIGINAL))
            .collect();
        let found = find(&notes, 0.8);
        assert_eq!(found.len(), 199);
        let earliest = notes.iter().min_by_key(|c| (c.date, c.note)).unwrap().note;
        assert!(found
            .iter()
            .all(|d| d.original == earliest || notes[d.original].date == notes[earliest].date));
    }
}
