//! How the index is written: numbers as base-64 digits, terms hashed to buckets, every
//! file a script that hands its data to the search script.
//!
//! Files are scripts, not JSON, because a page opened with file:// may not fetch() a
//! file but may load a script: each file calls `studybookSearch.add(name, data)`.
//! `themes/default/static/search.js` reads what this writes.

use serde::Serialize;

/// The 64 digits of a number, 5 bits of value each and a sixth bit saying another digit
/// follows (least significant first): small numbers take one character, and a string of
/// them needs no escaping in a script.
pub(super) const DIGITS: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends `n` to `out` in base-64 digits.
pub fn number(out: &mut Vec<u8>, mut n: u32) {
    loop {
        let low = (n & 31) as usize;
        n >>= 5;
        if n == 0 {
            out.push(DIGITS[low]);
            return;
        }
        out.push(DIGITS[low | 32]);
    }
}

/// Appends `n` to `out` as a LEB128 varint: how positions wait, compactly, until their
/// term's entry is written.
pub fn varint(out: &mut Vec<u8>, mut n: u32) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The varints of `bytes`, as [`varint`] wrote them.
pub fn varints(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    std::iter::from_fn(move || {
        let (mut n, mut shift) = (0u32, 0);
        loop {
            let byte = *bytes.get(at)?;
            at += 1;
            n |= ((byte & 0x7f) as u32) << shift;
            if byte < 0x80 {
                return Some(n);
            }
            shift += 7;
        }
    })
}

/// A term's postings: how many distinct weights, the weights from most to least
/// common, then per note one number, (gap from the previous note - 1) × weights + the
/// weight's place in that list (the previous note of the first is -1). Dense terms take
/// one digit per note.
pub fn postings(out: &mut Vec<u8>, notes: &[(u32, u8)]) {
    // A weight is below 32: three field bits and a body count of at most 3 above them.
    let mut counts = [0u32; 32];
    for &(_, weight) in notes {
        counts[weight as usize & 31] += 1;
    }
    let mut table: Vec<u8> = (0..32).filter(|&w| counts[w as usize] > 0).collect();
    // Most common first; equal counts by weight, so the output is reproducible.
    table.sort_by_key(|&w| (std::cmp::Reverse(counts[w as usize]), w));
    let mut place = [0u32; 32];
    for (i, &w) in table.iter().enumerate() {
        place[w as usize] = i as u32;
    }
    let weights = table.len() as u32;
    number(out, weights);
    for &w in &table {
        number(out, w as u32);
    }
    let mut next = 0;
    for &(note, weight) in notes {
        let gap = note - next;
        number(
            out,
            gap.saturating_mul(weights) + place[weight as usize & 31],
        );
        next = note + 1;
    }
}

/// Bits written six to a digit, most significant first: how positions are packed.
struct Bits<'a> {
    out: &'a mut Vec<u8>,
    /// Bits not yet written, in the low `count` bits.
    held: u64,
    count: u32,
}

impl Bits<'_> {
    /// Appends the low `width` (at most 32) bits of `value`.
    fn push(&mut self, value: u32, width: u32) {
        let value = value as u64 & ((1u64 << width) - 1);
        self.held = self.held << width | value;
        self.count += width;
        while self.count >= 6 {
            self.count -= 6;
            self.out
                .push(DIGITS[(self.held >> self.count & 63) as usize]);
        }
    }

    /// Elias gamma: n ≥ 1 as (its width - 1) zeros, then n.
    fn gamma(&mut self, n: u32) {
        let width = 32 - n.leading_zeros();
        self.push(0, width - 1);
        self.push(n, width);
    }

    /// Rice with parameter k: n >> k in ones ended by a zero, then the low k bits.
    fn rice(&mut self, n: u32, k: u32) {
        let mut ones = n >> k;
        while ones > 0 {
            let run = ones.min(24);
            self.push(u32::MAX, run);
            ones -= run;
        }
        self.push(0, 1);
        self.push(n, k);
    }

    fn finish(mut self) {
        if self.count > 0 {
            let pad = 6 - self.count;
            self.push(0, pad);
        }
    }
}

/// The Rice parameter for `values`: log2 of their mean times ln 2, which is the best or
/// next to it for values spread geometrically.
fn rice_parameter(values: impl Iterator<Item = u32>) -> u32 {
    let (sum, count) = values.fold((0u64, 0u64), |(s, c), n| (s + n as u64, c + 1));
    (sum * 69 / 100 / count.max(1)).max(1).ilog2().min(24)
}

/// A term's positions, one list per note holding it (each non-empty and increasing),
/// list i being `all[ends[i - 1]..ends[i]]` (from 0 for the first): two digits, the Rice
/// parameters of first positions and of gaps; then bits, six to a digit, per note: how
/// many (Elias gamma), the first (Rice), each gap - 1 (Rice).
pub fn positions(out: &mut Vec<u8>, all: &[u32], ends: &[usize]) {
    let lists = || {
        std::iter::once(0)
            .chain(ends.iter().copied())
            .zip(ends)
            .map(|(start, &end)| &all[start..end])
    };
    let firsts = lists().map(|list| list[0]);
    let gaps = lists().flat_map(|list| list.windows(2).map(|w| w[1].saturating_sub(w[0] + 1)));
    let (k_first, k_gap) = (rice_parameter(firsts), rice_parameter(gaps));
    out.push(DIGITS[k_first as usize]);
    out.push(DIGITS[k_gap as usize]);
    let mut bits = Bits {
        out,
        held: 0,
        count: 0,
    };
    for list in lists() {
        bits.gamma(list.len() as u32);
        bits.rice(list[0], k_first);
        for w in list.windows(2) {
            bits.rice(w[1].saturating_sub(w[0] + 1), k_gap);
        }
    }
    bits.finish();
}

/// FNV-1a over the term's code points: which bucket a term lives in. The search script
/// computes the same.
pub fn hash(chars: impl Iterator<Item = char>) -> u32 {
    chars.fold(0x811c_9dc5, |h: u32, c| {
        (h ^ c as u32).wrapping_mul(0x0100_0193)
    })
}

/// The index file `search/<name>.js`, registering `data`.
pub fn page(name: &str, data: &[u8]) -> super::Page {
    super::Page {
        path: format!("search/{name}.js"),
        bytes: script(name, data),
    }
}

/// The script that registers `data` (a JSON value or object literal) under `name`.
pub fn script(name: &str, data: &[u8]) -> Vec<u8> {
    let mut out = format!("studybookSearch.add({},", json(&name)).into_bytes();
    out.extend_from_slice(data);
    out.extend_from_slice(b");\n");
    out
}

/// `value` as JSON, which is also a script literal.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    // Serialising strings, numbers and vectors of them cannot fail.
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn numbers(list: &[u32]) -> String {
        let mut out = Vec::new();
        for &n in list {
            number(&mut out, n);
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn small_numbers_take_one_digit() {
        assert_eq!(numbers(&[0, 1, 31]), "ABf");
        assert_eq!(numbers(&[32]), "gB");
        assert_eq!(numbers(&[1024]).len(), 3);
        assert_eq!(numbers(&[u32::MAX]).len(), 7);
    }

    #[test]
    fn hash_is_fnv1a_over_code_points() {
        // The search script's test vector: keep the two in step.
        assert_eq!(hash("".chars()), 0x811c_9dc5);
        assert_eq!(hash("a".chars()), 0xe40c_292c);
        assert_eq!(hash("治水".chars()), hash(['治', '水'].into_iter()));
    }

    #[test]
    fn names_and_scripts() {
        assert_eq!(
            String::from_utf8(script("t/0a", "{\"治水\":\"AB\"}".as_bytes())).unwrap(),
            "studybookSearch.add(\"t/0a\",{\"治水\":\"AB\"});\n"
        );
    }
}
