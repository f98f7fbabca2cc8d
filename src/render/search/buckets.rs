//! Notes' terms -> term files and their position files.
//!
//! A term belongs to a bucket, a range of hashes (the high bits of its hash). Each
//! thread files the terms of its run of notes onto shelves of sixteen buckets, positions
//! already encoded; each bucket then sorts only its own records and copies bytes. Few
//! shelves stay in the processor's cache while notes are filed, and the inversion from
//! notes to terms never reaches across all memory at once. Last, neighbouring buckets
//! are packed into files of about a set size, so a site has a few hundred files whatever
//! its number of terms, and the manifest names each file's first bucket.

use super::encode;
use super::tokens::Term;
use super::Page;
use rayon::prelude::*;
use std::cmp::Ordering;

/// A term as a number, so a note's terms sort fast: a pair or an edge by its characters
/// (every character of a run is below 2^18: see `tokens::is_gram`), a word by its place
/// in a list of words kept beside. 38 bits, so a term and a position fit one u64.
pub type Key = u64;
const CHAR_BITS: u32 = 18;
const PAYLOAD: Key = (1 << (2 * CHAR_BITS)) - 1;
const LEAD: Key = 1 << (2 * CHAR_BITS);
const TAIL: Key = 2 << (2 * CHAR_BITS);
const WORD: Key = 3 << (2 * CHAR_BITS);
const KIND: Key = 3 << (2 * CHAR_BITS);
/// Bits of a position in [`pack`]: a note has at most 1 MiB (`load::MAX_NOTE_BYTES`), so
/// fewer positions than 2^26.
const POSITION_BITS: u32 = 26;
pub const MAX_POSITION: u32 = 1 << POSITION_BITS;

/// Where a term was found, as bits of its weight; the body is counted above them.
pub(super) const IN_TITLE: u32 = 1;
pub(super) const IN_TAGS: u32 = 2;
/// Author, branch, plan items, date.
pub(super) const IN_OTHER: u32 = 4;
pub(super) const FIELD_BITS: u32 = 3;
/// Body occurrences beyond this add nothing to the ranking.
const MAX_BODY_COUNT: u32 = 3;

/// Words by number, and numbers by word.
#[derive(Default)]
pub struct Words {
    list: Vec<Box<str>>,
    numbers: std::collections::HashMap<Box<str>, Key>,
}

impl Words {
    fn number(&mut self, word: Box<str>) -> Key {
        if let Some(&n) = self.numbers.get(&word) {
            return n;
        }
        let n = self.list.len() as Key;
        self.list.push(word.clone());
        self.numbers.insert(word, n);
        n
    }

    fn clear(&mut self) {
        self.list.clear();
        self.numbers.clear();
    }
}

impl std::ops::Index<usize> for Words {
    type Output = Box<str>;

    fn index(&self, n: usize) -> &Box<str> {
        &self.list[n]
    }
}

/// `term` as a key; a word is added to `words`.
fn key(term: Term, words: &mut Words) -> Key {
    match term {
        Term::Pair(a, b) => (a as Key) << CHAR_BITS | b as Key,
        Term::Lead(c) => LEAD | c as Key,
        Term::Tail(c) => TAIL | c as Key,
        Term::Word(word) => WORD | words.number(word),
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
pub fn pack(term: Term, position: u32, words: &mut Words) -> u64 {
    debug_assert!(position < 1 << POSITION_BITS);
    key(term, words) << POSITION_BITS | position as u64
}

/// A note's terms as found, packed by [`pack`].
#[derive(Default)]
pub struct Found {
    pub terms: Vec<u64>,
    pub words: Words,
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

fn term(key: Key, words: &Words) -> Term {
    let char_at =
        |shift: u32| char::from_u32((key >> shift & ((1 << CHAR_BITS) - 1)) as u32).unwrap_or(' ');
    match key & KIND {
        LEAD => Term::Lead(char_at(0)),
        TAIL => Term::Tail(char_at(0)),
        WORD => Term::Word(words[(key & PAYLOAD) as usize].clone()),
        _ => Term::Pair(char_at(CHAR_BITS), char_at(0)),
    }
}

/// One note's entry for one term, in 12 bytes as there are millions: the term's key
/// (38 bits), its weight (5), its bucket in the shelf (4) and the note's place in its
/// thread's run of notes (17) as one number kept in two halves, so a record needs no
/// 8-byte alignment; then where its positions start.
struct Record {
    packed: [u32; 2],
    /// Where its positions start in [`Shelf::places`]: how many, the first, the gaps,
    /// as varints.
    start: u32,
}

/// Bits of a note's place in its run: a run is at most this many notes.
const RUN_BITS: u32 = 17;
pub const MAX_RUN: usize = 1 << RUN_BITS;

impl Record {
    fn new(key: Key, weight: u8, bucket: usize, in_run: u32, start: u32) -> Record {
        debug_assert!(weight < 32 && bucket < 16 && in_run < 1 << RUN_BITS);
        let packed =
            key << 26 | (weight as u64) << 21 | (bucket as u64) << RUN_BITS | in_run as u64;
        Record {
            packed: [packed as u32, (packed >> 32) as u32],
            start,
        }
    }

    fn packed(&self) -> u64 {
        (self.packed[1] as u64) << 32 | self.packed[0] as u64
    }

    fn key(&self) -> Key {
        self.packed() >> 26
    }

    fn weight(&self) -> u8 {
        (self.packed() >> 21 & 31) as u8
    }

    fn bucket(&self) -> usize {
        (self.packed() >> RUN_BITS & 15) as usize
    }

    /// The note's number, from its run's first.
    fn note(&self, first: u32) -> u32 {
        first + (self.packed() & ((1 << RUN_BITS) - 1)) as u32
    }

    /// Its positions, from `places`.
    fn positions<'a>(&self, places: &'a [u8]) -> impl Iterator<Item = u32> + 'a {
        let mut held = encode::varints(&places[self.start as usize..]);
        let count = held.next().unwrap_or(0) as usize;
        let mut at = 0;
        held.take(count).map(move |gap| {
            at += gap;
            at
        })
    }
}

/// Buckets per shelf: filing into a few shelves keeps them in the processor's cache; each
/// shelf is split into its buckets afterwards.
const BUCKETS_PER_SHELF: usize = 16;

/// Items in blocks of a fixed size: a shelf grows without the unused half of a Vec that
/// doubles, so the index's peak memory is close to what its records hold.
struct Blocks<T> {
    blocks: Vec<Vec<T>>,
}

impl<T> Default for Blocks<T> {
    fn default() -> Self {
        Blocks { blocks: Vec::new() }
    }
}

impl<T> Blocks<T> {
    const SIZE: usize = 1024;

    fn push(&mut self, item: T) {
        match self.blocks.last_mut() {
            Some(block) if block.len() < Self::SIZE => block.push(item),
            _ => {
                let mut block = Vec::with_capacity(Self::SIZE);
                block.push(item);
                self.blocks.push(block);
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = &T> {
        self.blocks.iter().flatten()
    }
}

/// What one thread filed for a run of buckets.
#[derive(Default)]
struct Shelf {
    /// The number of the run's first note: records hold their note's place after it.
    first: u32,
    records: Blocks<Record>,
    places: Vec<u8>,
    words: Words,
}

impl Shelf {
    fn word(&self, record: &Record) -> Option<&str> {
        (record.key() & KIND == WORD).then(|| &*self.words[(record.key() & PAYLOAD) as usize])
    }
}

/// The terms of a run of notes, filed by bucket, positions already encoded.
pub struct Shelves {
    buckets: usize,
    first: u32,
    shelves: Vec<Shelf>,
}

impl Shelves {
    /// Room for `buckets` buckets (a power of two) of a run of at most [`MAX_RUN`] notes
    /// from note `first`.
    pub fn new(buckets: usize, first: u32) -> Shelves {
        let shelves = buckets / BUCKETS_PER_SHELF.min(buckets);
        Shelves {
            buckets,
            first,
            shelves: (0..shelves)
                .map(|_| Shelf {
                    first,
                    ..Shelf::default()
                })
                .collect(),
        }
    }

    /// Files note `note`'s terms. Notes must be filed in order, within the run.
    pub fn file(&mut self, note: u32, found: &mut Found) {
        let in_run = note - self.first;
        let per_shelf = BUCKETS_PER_SHELF.min(self.buckets);
        found.terms.sort_unstable();
        let position = |packed: u64| (packed & ((1 << POSITION_BITS) - 1)) as u32;
        for same in found
            .terms
            .chunk_by(|a, b| a >> POSITION_BITS == b >> POSITION_BITS)
        {
            let term = term(same[0] >> POSITION_BITS, &found.words);
            let which = bucket(hash(&term), self.buckets);
            let shelf = &mut self.shelves[which / per_shelf];
            let start = shelf.places.len() as u32;
            encode::varint(&mut shelf.places, same.len() as u32);
            let mut last = 0;
            for &packed in same {
                encode::varint(&mut shelf.places, position(packed) - last);
                last = position(packed);
            }
            let weight = found.weight(same.iter().map(|&p| position(p)));
            let key = key(term, &mut shelf.words);
            shelf
                .records
                .push(Record::new(key, weight, which % per_shelf, in_run, start));
        }
    }
}

/// Which of `buckets` buckets a term with hash `hash` is in: its share of the hash range,
/// so buckets in order are ranges of hashes in order. The search script computes the
/// same.
pub fn bucket(hash: u32, buckets: usize) -> usize {
    ((hash as u64 * buckets as u64) >> 32) as usize
}

/// The term files and position files, and where each starts.
pub struct Packed {
    pub pages: Vec<Page>,
    /// The first bucket of each term file, then of each position file.
    pub terms: Vec<usize>,
    pub places: Vec<usize>,
}

/// Every bucket's entries, from each thread's shelves (threads in note order), packed
/// into term files of about `term_bytes` and position files of about `place_bytes`.
pub fn files(
    filed: Vec<Shelves>,
    buckets: usize,
    sizes: impl Fn(usize, usize) -> (usize, usize),
) -> Packed {
    let per_shelf = BUCKETS_PER_SHELF.min(buckets);
    // Each shelf's records from every thread, in note order: written out a shelf at a
    // time, and freed as soon as they are.
    let mut by_shelf: Vec<Vec<Shelf>> = (0..buckets / per_shelf).map(|_| Vec::new()).collect();
    for thread in filed {
        for (s, shelf) in thread.shelves.into_iter().enumerate() {
            by_shelf[s].push(shelf);
        }
    }
    let entries: Vec<[Vec<u8>; 2]> = by_shelf
        .into_par_iter()
        .flat_map_iter(|threads| {
            let mut parts: Vec<Vec<(&Shelf, &Record)>> =
                (0..per_shelf).map(|_| Vec::new()).collect();
            for shelf in &threads {
                for record in shelf.records.iter() {
                    parts[record.bucket()].push((shelf, record));
                }
            }
            parts.into_iter().map(entries).collect::<Vec<_>>()
        })
        .collect();
    let total = |k: usize| entries.iter().map(|e| e[k].len()).sum::<usize>();
    let (term_bytes, place_bytes) = sizes(total(0), total(1));
    let (terms, places): (Vec<Vec<u8>>, Vec<Vec<u8>>) =
        entries.into_iter().map(|[t, p]| (t, p)).unzip();
    let (mut pages, terms) = pack_files("t", terms, term_bytes);
    let (more, places) = pack_files("p", places, place_bytes);
    pages.extend(more);
    Packed {
        pages,
        terms,
        places,
    }
}

/// Buckets' entries in order, as files named `<kind>/<n>` of at most about `size` bytes
/// (a bucket bigger than that has a file of its own); and each file's first bucket.
fn pack_files(kind: &str, buckets: Vec<Vec<u8>>, size: usize) -> (Vec<Page>, Vec<usize>) {
    let (mut pages, mut starts) = (Vec::new(), Vec::new());
    let mut data = Vec::new();
    let finish = |data: &mut Vec<u8>, pages: &mut Vec<Page>| {
        data.push(b'}');
        pages.push(encode::page(&format!("{kind}/{}", pages.len()), data));
        data.clear();
    };
    for (b, entries) in buckets.into_iter().enumerate() {
        if !data.is_empty() && data.len() + entries.len() > size {
            finish(&mut data, &mut pages);
        }
        if data.is_empty() {
            starts.push(b);
            data.push(b'{');
        } else if !entries.is_empty() && data.len() > 1 {
            data.push(b',');
        }
        data.extend_from_slice(&entries);
    }
    if !data.is_empty() {
        finish(&mut data, &mut pages);
    }
    (pages, starts)
}

/// One bucket's entries, `"term":"..."` joined by commas: its records grouped by term,
/// notes in order; postings, then positions.
fn entries(mut order: Vec<(&Shelf, &Record)>) -> [Vec<u8>; 2] {
    let compare =
        |a: &(&Shelf, &Record), b: &(&Shelf, &Record)| match (a.0.word(a.1), b.0.word(b.1)) {
            (Some(x), Some(y)) => x.cmp(y),
            _ => a.1.key().cmp(&b.1.key()),
        };
    // Within a term, notes in order.
    let note = |(shelf, record): &(&Shelf, &Record)| record.note(shelf.first);
    order.sort_unstable_by(|a, b| compare(a, b).then(note(a).cmp(&note(b))));
    let (mut terms, mut places) = (Vec::new(), Vec::new());
    // One term's positions, all its notes', and where each note's end.
    let (mut all, mut ends) = (Vec::new(), Vec::new());
    let mut notes = Vec::new();
    for (i, same) in order
        .chunk_by(|a, b| compare(a, b) == Ordering::Equal)
        .enumerate()
    {
        let (shelf, first) = same[0];
        let key = encode::json(&term(first.key(), &shelf.words).text());
        for out in [&mut terms, &mut places] {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(key.as_bytes());
            out.extend_from_slice(b":\"");
        }
        notes.clear();
        notes.extend(same.iter().map(|p| (note(p), p.1.weight())));
        encode::postings(&mut terms, &notes);
        all.clear();
        ends.clear();
        for (shelf, record) in same {
            all.extend(record.positions(&shelf.places));
            ends.push(all.len());
        }
        encode::positions(&mut places, &all, &ends);
        terms.push(b'"');
        places.push(b'"');
    }
    [terms, places]
}
