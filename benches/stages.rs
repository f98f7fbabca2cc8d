//! Each stage of a build in process, on a generated site: where the time of
//! `cargo bench --bench pipeline` goes, without the file system.
//!
//! `cargo bench --bench stages` (add `-- NOTES` for another size; 10,000 by default).
//! Each figure is the median of five runs: load + check (with the bodies' HTML, as a
//! build loads, and without, as `studybook check` does), the pages rendered (into a
//! sink that drops them), the search index, and what a rebuild that finds nothing
//! changed does instead: every page's and the index's recipe worked out.

use std::time::{Duration, Instant};
use studybook::config::Site;
use studybook::model::Model;
use studybook::pipeline;
use studybook::write::Sink;

mod common;

const RUNS: usize = 5;

/// Takes every file and keeps nothing.
struct Drop;

impl Sink for Drop {
    fn put(&self, _path: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::hint::black_box(bytes);
        Ok(())
    }
}

/// Has every file already: what a rebuild that finds nothing changed costs, every
/// recipe worked out and nothing rendered.
struct Remembers;

impl Sink for Remembers {
    fn put(&self, _path: &str, bytes: &[u8]) -> std::io::Result<()> {
        std::hint::black_box(bytes);
        Ok(())
    }

    fn remembers(&self) -> bool {
        true
    }

    fn reuse(&self, recipe: Option<studybook::render::recipe::Recipe>) -> std::io::Result<usize> {
        std::hint::black_box(recipe);
        Ok(1)
    }
}

fn median(mut run: impl FnMut() -> Duration) -> Duration {
    let mut samples: Vec<Duration> = (0..RUNS).map(|_| run()).collect();
    samples.sort();
    samples[RUNS / 2]
}

fn timed(f: impl FnOnce()) -> Duration {
    let started = Instant::now();
    f();
    started.elapsed()
}

fn main() {
    let (dir, notes) = common::generated_site();
    let site = Site::open(Some(dir.path()), dir.path()).expect("the generated site");
    let today = pipeline::today();
    let check = median(|| timed(|| drop(pipeline::checkup(&site, today, &()).expect("loaded"))));
    let check_only =
        median(|| timed(|| drop(pipeline::check_only(&site, today, &()).expect("loaded"))));
    let checkup = pipeline::checkup(&site, today, &()).expect("loaded");
    let build = median(|| {
        timed(|| {
            pipeline::build_into(&site, &checkup, &Drop, &()).expect("rendered");
        })
    });
    let recipes = median(|| {
        timed(|| {
            pipeline::build_into(&site, &checkup, &Remembers, &()).expect("worked out");
        })
    });
    let model = Model::new(&checkup.loaded, &checkup.checked, true);
    let index = median(|| timed(|| drop(studybook::render::search::index(&model))));
    println!("\n{notes} notes, median of {RUNS}:\n");
    println!("| stage | time |\n|---|---|");
    println!("| load + check | {:.0} ms |", check.as_secs_f64() * 1e3);
    println!(
        "| load + check, no HTML (`studybook check`) | {:.0} ms |",
        check_only.as_secs_f64() * 1e3
    );
    println!(
        "| pages + index, nothing written | {:.0} ms |",
        build.as_secs_f64() * 1e3
    );
    println!(
        "| of which the search index | {:.0} ms |",
        index.as_secs_f64() * 1e3
    );
    println!(
        "| recipes of pages + index, nothing rendered | {:.0} ms |",
        recipes.as_secs_f64() * 1e3
    );
}
