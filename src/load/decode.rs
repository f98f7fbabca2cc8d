//! Bytes -> text: UTF-8 (with or without BOM), UTF-16 with a BOM, Big5 where the bytes
//! read as it, or GB18030 as the last resort. A conversion is reported, never silent; bytes that are no text are refused.

use encoding_rs::{Encoding, BIG5, GB18030, UTF_16BE, UTF_16LE};

/// Text decoded from a file, with the encoding it came from when that was not UTF-8.
#[derive(Debug)]
pub struct Decoded {
    pub text: String,
    pub converted_from: Option<&'static str>,
    /// The file was UTF-8 but ended inside a character, which was dropped.
    pub truncated: bool,
}

#[derive(Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// NUL bytes or control bytes no text editor writes: not a note at all.
    Binary,
    /// Neither UTF-8, UTF-16 with BOM, nor GB18030.
    Undecodable,
}

/// [`decode`], taking the bytes: plain UTF-8, the common case, becomes the text without
/// a copy.
pub fn decode_owned(bytes: Vec<u8>) -> Result<Decoded, DecodeError> {
    if bytes.starts_with(b"\xEF\xBB\xBF")
        || Encoding::for_bom(&bytes).is_some()
        || looks_binary(&bytes)
    {
        return decode(&bytes);
    }
    if simdutf8::basic::from_utf8(&bytes).is_err() {
        return decode(&bytes);
    }
    // SAFETY: simdutf8 has just checked that `bytes` is UTF-8.
    let text = unsafe { String::from_utf8_unchecked(bytes) };
    Ok(Decoded {
        text,
        converted_from: None,
        truncated: false,
    })
}

/// `text` with each line ended by a carriage return alone (old Mac editors, some Word
/// exports) ended by a line feed instead, so its lines and its front matter are found;
/// `\r\n` is kept.
pub fn line_feeds(text: String) -> String {
    let lone = |at: usize| text.as_bytes().get(at + 1) != Some(&b'\n');
    if !memchr::memchr_iter(b'\r', text.as_bytes()).any(lone) {
        return text;
    }
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if chars.peek() != Some(&'\n') => out.push('\n'),
            c => out.push(c),
        }
    }
    out
}

pub fn decode(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        if encoding == UTF_16LE || encoding == UTF_16BE {
            let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
            if had_errors {
                return Err(DecodeError::Undecodable);
            }
            return Ok(Decoded {
                text: text.into_owned(),
                converted_from: Some(encoding.name()),
                truncated: false,
            });
        }
    }
    if looks_binary(bytes) {
        return Err(DecodeError::Binary);
    }
    if let Ok(decoded) = utf8(bytes) {
        return Ok(decoded);
    }
    let (encoding, name) = if looks_big5(bytes) {
        (BIG5, "Big5")
    } else {
        (GB18030, "GB18030")
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(DecodeError::Undecodable);
    }
    Ok(Decoded {
        text: text.into_owned(),
        converted_from: Some(name),
        truncated: false,
    })
}

/// Whether bytes that are not UTF-8 read as Big5 (what Traditional-Chinese Windows
/// saves) rather than GBK: Big5 decodes them cleanly, and many of their characters end
/// in a byte from `@` to `~`, which GB2312's characters never do (GBK puts only its
/// rare characters there). A tenth is far above what GBK text holds.
fn looks_big5(bytes: &[u8]) -> bool {
    let (mut pairs, mut low_trail) = (0usize, 0usize);
    let mut i = 0;
    while i + 1 < bytes.len() {
        if bytes[i] >= 0x81 {
            pairs += 1;
            low_trail += usize::from((0x40..=0x7E).contains(&bytes[i + 1]));
            i += 2;
        } else {
            i += 1;
        }
    }
    pairs >= 4 && low_trail * 10 > pairs && !BIG5.decode_without_bom_handling(bytes).1
}

/// UTF-8, or UTF-8 cut short inside its last character (a copy or sync tool stopped
/// mid-file): the whole characters are kept and the cut is reported.
fn utf8(bytes: &[u8]) -> Result<Decoded, DecodeError> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(Decoded {
            text: text.to_string(),
            converted_from: None,
            truncated: false,
        }),
        Err(err) if err.error_len().is_none() && err.valid_up_to() > 0 => {
            let text = String::from_utf8_lossy(&bytes[..err.valid_up_to()]).into_owned();
            Ok(Decoded {
                text,
                converted_from: None,
                truncated: true,
            })
        }
        Err(_) => Err(DecodeError::Undecodable),
    }
}

/// A NUL byte, or many C0 control bytes other than tab, CR, LF and form feed, in the first
/// 8 KiB: what git's and grep's binary detection look at too.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    // One pass of comparisons the compiler turns into vector code: NUL anywhere, or
    // control characters other than those text holds (tab, line feed, form feed,
    // carriage return, escape) in more than a tenth of the head.
    // Counted a byte wide per chunk, so that each comparison covers 16 bytes or more.
    let (mut nul, mut controls) = (0usize, 0usize);
    for chunk in head.chunks(128) {
        let (mut zero, mut below_space, mut in_text) = (0u8, 0u8, 0u8);
        for &b in chunk {
            zero += u8::from(b == 0);
            below_space += u8::from(b < 0x20);
            in_text +=
                u8::from((b == b'\t') | (b == b'\n') | (b == 0x0C) | (b == b'\r') | (b == 0x1B));
        }
        nul += usize::from(zero);
        controls += usize::from(below_space - in_text);
    }
    nul > 0 || controls * 10 > head.len().max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_ended_by_a_carriage_return_alone_end_with_a_line_feed() {
        assert_eq!(
            line_feeds("---\rtitle: 学习\r---\r\r正文".into()),
            "---\ntitle: 学习\n---\n\n正文"
        );
        assert_eq!(line_feeds("一\r\n二\r".into()), "一\r\n二\n");
        assert_eq!(line_feeds("一\n二".into()), "一\n二");
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode("学习".as_bytes()).unwrap().text, "学习");
        let with_bom = [b"\xEF\xBB\xBF".as_slice(), "学习".as_bytes()].concat();
        let decoded = decode(&with_bom).unwrap();
        assert_eq!(decoded.text, "学习");
        assert_eq!(decoded.converted_from, None);
    }

    #[test]
    fn binary_is_nul_or_a_tenth_control_characters() {
        assert!(looks_binary(b"abc\0def"));
        assert!(!looks_binary("学习\t笔记\r\n\x0c\x1b[0m".as_bytes()));
        let mut mostly_controls = vec![b'a'; 81];
        mostly_controls.extend([1u8; 9]);
        assert!(!looks_binary(&mostly_controls));
        mostly_controls.extend([0x1Fu8; 2]);
        assert!(looks_binary(&mostly_controls));
        assert!(!looks_binary(b""));
    }

    #[test]
    fn utf16_both_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("学习".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("学习".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(decode(&le).unwrap().text, "学习");
        assert_eq!(decode(&be).unwrap().converted_from, Some("UTF-16BE"));
    }

    #[test]
    fn gb18030_is_converted_and_reported() {
        let (bytes, _, _) = GB18030.encode("理论学习笔记");
        let decoded = decode(&bytes).unwrap();
        assert_eq!(decoded.text, "理论学习笔记");
        assert_eq!(decoded.converted_from, Some("GB18030"));
    }

    #[test]
    fn big5_is_told_from_gbk() {
        let (bytes, _, _) =
            BIG5.encode("草稿: 是\n學習內容：今天參加了支部組織的專題學習，內容是基層治理。");
        let decoded = decode(&bytes).unwrap();
        assert!(decoded.text.contains("草稿: 是"), "{}", decoded.text);
        assert_eq!(decoded.converted_from, Some("Big5"));
        // GBK text, simplified or not, stays GBK.
        for text in [
            "学习内容：今天参加了支部组织的专题学习，内容是基层治理。",
            "草稿：壹贰叁",
        ] {
            let (bytes, _, _) = GB18030.encode(text);
            assert_eq!(decode(&bytes).unwrap().text, text);
        }
    }

    #[test]
    fn binary_and_garbage_are_refused() {
        assert_eq!(
            decode(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR").unwrap_err(),
            DecodeError::Binary
        );
        assert_eq!(
            decode(b"abc\xFF\xFF\xFF").unwrap_err(),
            DecodeError::Undecodable
        );
    }

    #[test]
    fn a_multibyte_character_cut_in_half_is_not_silently_accepted() {
        let bytes = "学习".as_bytes();
        let cut = &bytes[..bytes.len() - 1];
        // The whole characters are kept and the cut is reported: never taken as clean.
        let decoded = decode(cut).unwrap();
        assert_eq!(decoded.text, "学");
        assert!(decoded.truncated);
        assert!(decode_owned(cut.to_vec()).unwrap().truncated);
    }
}
