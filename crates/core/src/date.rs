//! Dates as people write them in notes: 2022-03-16, 2022/3/16, 2022.3.16, 2022年3月16日,
//! and a date-time in any common form (`2017-07-30 14:11:12`,
//! `2019-08-02T11:04:49+08:00`), which is the calendar date as written.

use chrono::NaiveDate;

/// No note or meeting is dated before this year: an earlier one is a slip of the year
/// (0022-09-26 for 2022-09-26), and periods are never counted from before it.
pub const FIRST_YEAR: i32 = 1921;

/// How many years before the latest meeting record the counts reach unless asked for
/// earlier (`--since`): a record dated further back is a slip of its year (1922 for
/// 2022) far more often than an old record, and is warned about.
pub const YEARS_COUNTED: i32 = 10;

/// Why a date was not taken.
#[derive(Debug, PartialEq, Eq)]
pub enum DateError {
    /// Not in any accepted form. Carries the ISO spelling when the intent is clear
    /// (e.g. `2022.3.5` -> `2022-03-05`).
    Form { suggestion: Option<String> },
    /// In an accepted form, but no such day (2022-02-30).
    Impossible,
}

pub fn parse_date(text: &str) -> Result<NaiveDate, DateError> {
    let text = day_of(text.trim());
    let parts = split_accepted(text).ok_or_else(|| DateError::Form {
        suggestion: suggest(text),
    })?;
    let [y, m, d] = parts;
    if !(1..=9999).contains(&y) {
        return Err(DateError::Impossible);
    }
    NaiveDate::from_ymd_opt(y, m as u32, d as u32).ok_or(DateError::Impossible)
}

/// Year, month and day of the accepted forms, without checking the calendar.
fn split_accepted(text: &str) -> Option<[i32; 3]> {
    if let Some(rest) = text.strip_suffix('日') {
        let (y, rest) = rest.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        // A two-digit year (22年9月26日) would be the year 22: not taken.
        if y.trim().len() != 4 {
            return None;
        }
        return numbers([y, m, d]);
    }
    for sep in ['-', '/', '.'] {
        let parts: Vec<&str> = text.split(sep).collect();
        if let [y, m, d] = parts[..] {
            if y.len() == 4 {
                return numbers([y, m, d]);
            }
        }
    }
    None
}

/// The day part of a date-time (`2019-08-02T11:04:49+08:00`, `2025-06-11 9:00:00`, with
/// or without seconds, fractions and a zone), or the text as it is. The zone is not
/// applied: the date is the one written.
fn day_of(text: &str) -> &str {
    match text.split_once(['T', ' ']) {
        Some((day, time)) if is_time(time.trim()) => day,
        _ => text,
    }
}

fn is_time(text: &str) -> bool {
    let clock = text.split(['+', 'Z', 'z', ' ']).next().unwrap_or("");
    let clock = clock.split_once('-').map_or(clock, |(c, _)| c);
    let parts: Vec<&str> = clock.split(':').collect();
    (2..=3).contains(&parts.len())
        && parts.iter().enumerate().all(|(i, part)| {
            let part = if i == 2 {
                part.split('.').next().unwrap_or("")
            } else {
                part
            };
            (1..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
        })
        && text.len() <= 40
}

/// The date a file name starts with: `2022-03-18-心得.md` (Jekyll's posts) or
/// `20220318.md`. What a note without `date` is dated.
pub fn date_in_name(name: &str) -> Option<NaiveDate> {
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let iso = name
        .get(..10)
        .filter(|d| d.as_bytes()[4] == b'-' && d.as_bytes()[7] == b'-' && digits(&d[..4]));
    if let Some(day) = iso {
        return parse_date(day).ok();
    }
    let compact = name.get(..8).filter(|d| digits(d))?;
    // YYYYMMDD, or with the time after it (YYYYMMDDhhmm, YYYYMMDDhhmmss), as Zettelkasten
    // notes are named: any other run of digits is not a date.
    let run = name.bytes().take_while(u8::is_ascii_digit).count();
    if ![8, 12, 14].contains(&run) {
        return None;
    }
    let (y, m, d) = (&compact[..4], &compact[4..6], &compact[6..]);
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

fn numbers(parts: [&str; 3]) -> Option<[i32; 3]> {
    let mut out = [0; 3];
    for (slot, part) in out.iter_mut().zip(parts) {
        let part = part.trim();
        if part.is_empty() || part.len() > 4 || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    Some(out)
}

/// The ISO spelling of a date written with dots, full-width digits or other separators,
/// or of the day of a timestamp (`2022-03-16T09:30:00`).
fn suggest(text: &str) -> Option<String> {
    if let Some((day, _time)) = text.split_once(['T', ' ']) {
        if let Ok(date) = parse_date(day) {
            return Some(date.format("%Y-%m-%d").to_string());
        }
    }
    let normalized: String = text
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect();
    let parts: Vec<&str> = normalized
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .collect();
    let [y, m, d] = numbers(parts.try_into().ok()?)?;
    // 22年9月26日 means 2022.
    let y = if y < 100 { 2000 + y } else { y };
    let date = NaiveDate::from_ymd_opt(y, m as u32, d as u32)?;
    (y >= 1000).then(|| date.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn accepted_forms() {
        assert_eq!(parse_date("2022-03-16"), Ok(ymd(2022, 3, 16)));
        assert_eq!(parse_date("2022/3/16"), Ok(ymd(2022, 3, 16)));
        assert_eq!(parse_date("2022年3月16日"), Ok(ymd(2022, 3, 16)));
        assert_eq!(
            parse_date("22年9月26日"),
            Err(DateError::Form {
                suggestion: Some("2022-09-26".into())
            }),
            "a two-digit year is not the year 22"
        );
        assert_eq!(parse_date(" 2022-3-6 "), Ok(ymd(2022, 3, 6)));
    }

    #[test]
    fn date_times_and_office_dates_are_their_day() {
        assert_eq!(parse_date("2019.09.26"), Ok(ymd(2019, 9, 26)));
        assert_eq!(parse_date("2022.3.5"), Ok(ymd(2022, 3, 5)));
        assert_eq!(parse_date("2017-07-30 14:11:12"), Ok(ymd(2017, 7, 30)));
        assert_eq!(parse_date("2019-08-02T11:04:49+08:00"), Ok(ymd(2019, 8, 2)));
        assert_eq!(parse_date("2019-08-02T23:30:00-05:00"), Ok(ymd(2019, 8, 2)));
        assert_eq!(parse_date("2025-06-11 9:00:00"), Ok(ymd(2025, 6, 11)));
        assert_eq!(parse_date("2022-03-16T09:30"), Ok(ymd(2022, 3, 16)));
        assert_eq!(parse_date("2022-03-16 09:30:00.123Z"), Ok(ymd(2022, 3, 16)));
        assert!(parse_date("2022-03-16 上午").is_err());
    }

    #[test]
    fn a_file_name_can_carry_the_date() {
        assert_eq!(date_in_name("2017-06-22-两个维护"), Some(ymd(2017, 6, 22)));
        assert_eq!(date_in_name("20220318"), Some(ymd(2022, 3, 18)));
        assert_eq!(date_in_name("20220318-心得"), Some(ymd(2022, 3, 18)));
        assert_eq!(date_in_name("202203181"), None);
        assert_eq!(
            date_in_name("201308281332-产品质量"),
            Some(ymd(2013, 8, 28))
        );
        assert_eq!(date_in_name("20130828133205"), Some(ymd(2013, 8, 28)));
        assert_eq!(date_in_name("心得"), None);
        assert_eq!(date_in_name("2022-13-01-x"), None);
    }

    #[test]
    fn slips_get_a_suggestion() {
        assert_eq!(
            parse_date("２０２２－０３－０５"),
            Err(DateError::Form {
                suggestion: Some("2022-03-05".into())
            })
        );
        assert_eq!(
            parse_date("三月"),
            Err(DateError::Form { suggestion: None })
        );
    }

    #[test]
    fn impossible_dates() {
        assert_eq!(parse_date("2022-02-30"), Err(DateError::Impossible));
        assert_eq!(parse_date("0000-01-01"), Err(DateError::Impossible));
        assert!(parse_date("99999-01-01").is_err());
    }
}
