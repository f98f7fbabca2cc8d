//! How the index is written: numbers as base-64 digits, terms hashed to shards, every
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

/// FNV-1a over the term's code points: which shard a term lives in. The search script
/// computes the same.
pub fn hash(chars: impl Iterator<Item = char>) -> u32 {
    chars.fold(0x811c_9dc5, |h: u32, c| {
        (h ^ c as u32).wrapping_mul(0x0100_0193)
    })
}

/// A shard's number as its file names spell it: hexadecimal, as wide as the largest.
pub fn shard_hex(shard: usize, shards: usize) -> String {
    let width = format!("{:x}", shards.saturating_sub(1)).len();
    format!("{shard:0width$x}")
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
        assert_eq!(shard_hex(10, 256), "0a");
        assert_eq!(shard_hex(0, 1), "0");
        assert_eq!(
            String::from_utf8(script("t/0a", "{\"治水\":\"AB\"}".as_bytes())).unwrap(),
            "studybookSearch.add(\"t/0a\",{\"治水\":\"AB\"});\n"
        );
    }
}
