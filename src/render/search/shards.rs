//! Notes' terms -> term shards and their position files.
//!
//! Each thread files the terms of its run of notes onto shelves of sixteen shards,
//! positions already encoded; each shard then sorts only its own records and copies
//! bytes. Few shelves stay in the processor's cache while notes are filed, and the
//! inversion from notes to terms never reaches across all memory at once.

use super::encode;
use super::tokens::Term;
use super::Page;
use rayon::prelude::*;
use std::cmp::Ordering;

/// A term as a number, so a note's terms sort fast: a pair or an edge by its characters,
/// a word by its place in a list of words kept beside.
pub type Key = u64;
const LEAD: Key = 1 << 42;
const TAIL: Key = 2 << 42;
const WORD: Key = 3 << 42;
const KIND: Key = 3 << 42;

/// Where a term was found, as bits of its weight; the body is counted above them.
pub(super) const IN_TITLE: u32 = 1;
pub(super) const IN_TAGS: u32 = 2;
/// Author, branch, plan items, date.
pub(super) const IN_OTHER: u32 = 4;
pub(super) const FIELD_BITS: u32 = 3;
/// Body occurrences beyond this add nothing to the ranking.
const MAX_BODY_COUNT: u32 = 3;

/// `term` as a key; a word is added to `words`.
fn key(term: Term, words: &mut Vec<Box<str>>) -> Key {
    match term {
        Term::Pair(a, b) => (a as Key) << 21 | b as Key,
        Term::Lead(c) => LEAD | c as Key,
        Term::Tail(c) => TAIL | c as Key,
        Term::Word(word) => {
            let at = match words.iter().position(|w| *w == word) {
                Some(at) => at,
                None => {
                    words.push(word);
                    words.len() - 1
                }
            };
            WORD | at as Key
        }
    }
}

/// The hash [`encode::hash`] gives the term's spelling.
fn hash(term: &Term) -> u32 {
    match term {
        Term::Pair(a, b) => encode::hash([*a, *b].into_iter()),
        Term::Lead(c) => encode::hash(['^', *c].into_iter()),
        Term::Tail(c) => encode::hash([*c, '$'].into_iter()),
        Term::Word(word) => encode::hash(word.chars()),
    }
}

/// A term at a position as one number, so a note's terms sort fast.
pub fn pack(term: Term, position: u32, words: &mut Vec<Box<str>>) -> u128 {
    (key(term, words) as u128) << 32 | position as u128
}

/// A note's terms as found, packed by [`pack`].
#[derive(Default)]
pub struct Found {
    pub terms: Vec<u128>,
    pub words: Vec<Box<str>>,
    /// Where the tags, the other fields (plan items, author, branch, date) and the body
    /// start: positions before the first are in the title.
    pub starts: [u32; 3],
}

impl Found {
    pub fn clear(&mut self) {
        self.terms.clear();
        self.words.clear();
    }

    /// The weight of a term found at `positions`: bits for the fields, body count above.
    fn weight(&self, positions: impl Iterator<Item = u32>) -> u8 {
        let (mut bits, mut body) = (0, 0);
        for pos in positions {
            match self.starts.iter().position(|&start| pos < start) {
                Some(0) => bits |= IN_TITLE,
                Some(1) => bits |= IN_TAGS,
                Some(_) => bits |= IN_OTHER,
                None => body += 1,
            }
        }
        (body.min(MAX_BODY_COUNT) << FIELD_BITS | bits) as u8
    }
}

fn term(key: Key, words: &[Box<str>]) -> Term {
    let char_at = |shift: u32| char::from_u32((key >> shift & 0x1f_ffff) as u32).unwrap_or(' ');
    match key & KIND {
        LEAD => Term::Lead(char_at(0)),
        TAIL => Term::Tail(char_at(0)),
        WORD => Term::Word(words[(key & 0xffff_ffff) as usize].clone()),
        _ => Term::Pair(char_at(21), char_at(0)),
    }
}

/// One note's entry for one term.
struct Record {
    key: Key,
    note: u32,
    /// Its encoded positions in [`Shelf::places`].
    start: u32,
    end: u32,
    weight: u8,
    /// Which of its shelf's shards it belongs to.
    shard: u8,
}

/// Shards per shelf: filing into a few shelves keeps them in the processor's cache; each
/// shelf is split into its shards afterwards.
const SHARDS_PER_SHELF: usize = 16;

/// What one thread filed for a run of shards.
#[derive(Default)]
struct Shelf {
    records: Vec<Record>,
    places: Vec<u8>,
    words: Vec<Box<str>>,
}

impl Shelf {
    fn word(&self, record: &Record) -> Option<&str> {
        (record.key & KIND == WORD).then(|| &*self.words[(record.key & 0xffff_ffff) as usize])
    }
}

/// The terms of a run of notes, filed by shard, positions already encoded.
pub struct Shelves {
    shards: usize,
    shelves: Vec<Shelf>,
}

impl Shelves {
    /// Room for `shards` shards (a power of two).
    pub fn new(shards: usize) -> Shelves {
        let shelves = shards / SHARDS_PER_SHELF.min(shards);
        Shelves {
            shards,
            shelves: (0..shelves).map(|_| Shelf::default()).collect(),
        }
    }

    /// Files note `note`'s terms. Notes must be filed in order.
    pub fn file(&mut self, note: u32, found: &mut Found) {
        let per_shelf = SHARDS_PER_SHELF.min(self.shards);
        found.terms.sort_unstable();
        for same in found.terms.chunk_by(|a, b| a >> 32 == b >> 32) {
            let term = term((same[0] >> 32) as Key, &found.words);
            let shard = hash(&term) as usize & (self.shards - 1);
            let shelf = &mut self.shelves[shard / per_shelf];
            let start = shelf.places.len() as u32;
            encode::number(&mut shelf.places, same.len() as u32);
            let mut last = 0;
            for &packed in same {
                encode::number(&mut shelf.places, packed as u32 - last);
                last = packed as u32;
            }
            shelf.records.push(Record {
                key: key(term, &mut shelf.words),
                note,
                start,
                end: shelf.places.len() as u32,
                weight: found.weight(same.iter().map(|&p| p as u32)),
                shard: (shard % per_shelf) as u8,
            });
        }
    }
}

/// Every shard's two files, from each thread's shelves (threads in note order).
pub fn files(filed: &[Shelves], shards: usize) -> Vec<Page> {
    let per_shelf = SHARDS_PER_SHELF.min(shards);
    (0..shards / per_shelf)
        .into_par_iter()
        .flat_map_iter(|s| {
            let mut parts: Vec<Vec<(&Shelf, &Record)>> =
                (0..per_shelf).map(|_| Vec::new()).collect();
            for shelf in filed.iter().map(|thread| &thread.shelves[s]) {
                for record in &shelf.records {
                    parts[record.shard as usize].push((shelf, record));
                }
            }
            let hex = move |k: usize| encode::shard_hex(s * per_shelf + k, shards);
            parts
                .into_iter()
                .enumerate()
                .flat_map(move |(k, order)| shard(order, &hex(k)))
        })
        .collect()
}

/// One shard: the records of its shelves, grouped by term, notes in order.
fn shard(mut order: Vec<(&Shelf, &Record)>, hex: &str) -> [Page; 2] {
    let compare =
        |a: &(&Shelf, &Record), b: &(&Shelf, &Record)| match (a.0.word(a.1), b.0.word(b.1)) {
            (Some(x), Some(y)) => x.cmp(y),
            _ => a.1.key.cmp(&b.1.key),
        };
    // Stable: within a term, notes stay in order.
    order.sort_by(compare);
    let (mut terms, mut places) = (vec![b'{'], vec![b'{']);
    for (i, same) in order
        .chunk_by(|a, b| compare(a, b) == Ordering::Equal)
        .enumerate()
    {
        let (shelf, first) = same[0];
        let key = encode::json(&term(first.key, &shelf.words).text());
        for out in [&mut terms, &mut places] {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b":\"");
        }
        let mut previous = 0;
        for (shelf, record) in same {
            encode::number(&mut terms, record.note - previous);
            encode::number(&mut terms, record.weight as u32);
            previous = record.note;
            places.extend_from_slice(&shelf.places[record.start as usize..record.end as usize]);
        }
        terms.push(b'"');
        places.push(b'"');
    }
    [("t", terms), ("p", places)].map(|(kind, mut data)| {
        data.push(b'}');
        let name = format!("{kind}/{hex}");
        Page {
            path: format!("search/{name}.js"),
            bytes: encode::script(&name, &data),
        }
    })
}
