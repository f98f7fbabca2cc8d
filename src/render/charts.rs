//! Notes and meetings held per month, for a small chart drawn at build time (an SVG in
//! the page, no script, black and white on paper) beside the numbers it shows. Counted
//! per branch or for the whole site, never per member: no member is ranked.

use crate::model::Model;
use chrono::Datelike;
use serde::Serialize;

/// A year of months: how many notes were published and meetings recorded in each.
#[derive(Serialize)]
pub(super) struct Monthly {
    year: i32,
    months: Vec<Month>,
    /// The tallest bar's count (at least 1): what the chart's height stands for.
    top: usize,
}

#[derive(Serialize)]
struct Month {
    month: u32,
    notes: usize,
    meetings: usize,
    /// The bars' heights, in hundredths of the chart's.
    notes_height: usize,
    meetings_height: usize,
}

/// The months of the latest year that holds any of `notes` (positions in the model's
/// order) or `meetings` (positions in its meetings); None when neither holds any.
pub(super) fn monthly(model: &Model<'_>, notes: &[usize], meetings: &[usize]) -> Option<Monthly> {
    let note_days = notes.iter().map(|&p| model.order[p].date);
    let meeting_days = meetings.iter().map(|&p| model.meetings[p].date);
    let year = note_days
        .clone()
        .chain(meeting_days.clone())
        .map(|d| d.year())
        .max()?;
    let mut counts = [(0usize, 0usize); 12];
    for day in note_days.filter(|d| d.year() == year) {
        counts[day.month0() as usize].0 += 1;
    }
    for day in meeting_days.filter(|d| d.year() == year) {
        counts[day.month0() as usize].1 += 1;
    }
    let top = counts
        .iter()
        .map(|&(n, m)| n.max(m))
        .max()
        .unwrap_or(0)
        .max(1);
    let months = (1..=12)
        .zip(counts)
        .map(|(month, (notes, meetings))| Month {
            month,
            notes,
            meetings,
            notes_height: notes * 100 / top,
            meetings_height: meetings * 100 / top,
        })
        .collect();
    Some(Monthly { year, months, top })
}
