//! What a file of the site is made from, as one 128-bit hash: its recipe.
//!
//! A build records each file's recipe in its mark. The next build works out the recipe
//! of each file before making it, and where the previous build made a file from the
//! same recipe (and nobody has touched that file since), links it instead of rendering
//! it again: the output is the same bytes a fresh build writes, at a fraction of the cost.
//!
//! A recipe must cover everything the file's bytes depend on:
//! - [`base`]: this very program (a changed studybook may render differently), the
//!   theme's templates and what the template environment holds (site title,
//!   description, language, labels);
//! - for a page, its path, template and the whole context the template is given;
//! - for the search index, every field of every document it indexes
//!   ([`super::search::recipe`]).

use minijinja::value::{DynObject, Enumerator, Object, ObjectRepr, Value};
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use xxhash_rust::xxh3::Xxh3;

/// A 128-bit hash of everything a file is made from. Never 0: 0 in a mark means "made
/// without a recipe" (by serve, or by an older studybook).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Recipe(pub u128);

/// Takes the parts of a recipe. A [`Hasher`], so anything that is [`Hash`] (a
/// template context among them) can be fed to it.
pub struct Mixer(Xxh3);

impl Hasher for Mixer {
    fn write(&mut self, bytes: &[u8]) {
        self.0.update(bytes);
    }

    fn finish(&self) -> u64 {
        self.0.digest()
    }
}

impl Recipe {
    /// The recipe of the parts `mix` feeds in, after this one.
    pub fn then(self, mix: impl FnOnce(&mut Mixer)) -> Recipe {
        let mut mixer = Mixer(Xxh3::new());
        mixer.write_u128(self.0);
        mix(&mut mixer);
        Recipe(mixer.0.digest128().max(1))
    }
}

/// Feeds a template value to `mix`, every map, list and text in it, in order. A value
/// made with [`digested`] gives only its digest: a note's card, listed by a dozen pages,
/// is walked once instead of on every page.
pub fn mix_value(value: &Value, mix: &mut Mixer) {
    if let Some(digested) = value.downcast_object_ref::<Digested>() {
        mix.write_u8(1);
        mix.write_u128(digested.digest);
        return;
    }
    match value.as_object() {
        Some(object) => {
            mix.write_u8(2);
            for (key, item) in object.try_iter_pairs().into_iter().flatten() {
                mix_value(&key, mix);
                mix_value(&item, mix);
            }
            mix.write_u8(3);
        }
        None => match value.as_str() {
            Some(text) => {
                // Safe text is printed as it is, other text escaped.
                mix.write_u8(if value.is_safe() { 4 } else { 5 });
                mix.write_usize(text.len());
                mix.write(text.as_bytes());
            }
            None => {
                // Numbers, true and false, none and undefined: told apart by kind, and
                // as a template prints them (2 and 2.0 print differently).
                mix.write_u8(6);
                format!("{:?}", value.kind()).hash(mix);
                value.to_string().hash(mix);
            }
        },
    }
}

/// `value` with its recipe worked out once: a template sees `value` itself.
pub fn digested(value: Value, digest: Recipe) -> Value {
    match value.as_object() {
        Some(inner) => Value::from_object(Digested {
            inner: inner.clone(),
            digest: digest.0,
        }),
        None => value,
    }
}

/// A map or list that templates see as it is, and recipes as its digest.
#[derive(Debug)]
struct Digested {
    inner: DynObject,
    digest: u128,
}

impl Object for Digested {
    fn repr(self: &Arc<Self>) -> ObjectRepr {
        self.inner.repr()
    }

    fn get_value(self: &Arc<Self>, key: &Value) -> Option<Value> {
        self.inner.get_value(key)
    }

    fn get_value_by_str(self: &Arc<Self>, key: &str) -> Option<Value> {
        self.inner.get_value_by_str(key)
    }

    fn enumerate(self: &Arc<Self>) -> Enumerator {
        self.inner.enumerate()
    }

    fn enumerator_len(self: &Arc<Self>) -> Option<usize> {
        self.inner.enumerator_len()
    }

    fn is_true(self: &Arc<Self>) -> bool {
        self.inner.is_true()
    }

    fn render(self: &Arc<Self>, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.inner.render(f)
    }
}

/// The part of every recipe that is not the file's own: this program, the theme's
/// templates, and what [`super::theme::Theme::environment`] puts in the environment.
/// `None` when the program cannot tell what it is (its file cannot be looked at): then
/// nothing is reused and every file is made afresh.
pub fn base(site: &crate::config::Site, theme: &super::theme::Theme) -> Option<Recipe> {
    let program = this_program()?;
    let config = &site.config;
    Some(Recipe(0).then(|mix| {
        program.hash(mix);
        theme.templates.hash(mix);
        theme.labels.hash(mix);
        config.book.title.hash(mix);
        config.book.description.hash(mix);
        site.lang().code().hash(mix);
        config.coverage.publish.hash(mix);
        config.assessment.publish.hash(mix);
    }))
}

/// What tells this build of studybook from any other: its version, and the path, size
/// and time of its program file (a program built anew is a new file), and on Unix its
/// inode and change time, which no copy or clock-clamping package manager keeps.
fn this_program() -> Option<(&'static str, std::path::PathBuf, u64, u128, u64, i64)> {
    let path = std::env::current_exe().ok()?;
    let meta = path.metadata().ok()?;
    let time = meta
        .modified()
        .ok()?
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?;
    #[cfg(unix)]
    let (inode, changed) = {
        use std::os::unix::fs::MetadataExt;
        (meta.ino(), meta.ctime_nsec() + meta.ctime() * 1_000_000_000)
    };
    #[cfg(not(unix))]
    let (inode, changed) = (0, 0);
    let version = env!("CARGO_PKG_VERSION");
    Some((version, path, meta.len(), time.as_nanos(), inode, changed))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recipes_differ_with_their_parts_and_their_order() {
        let base = Recipe(7);
        let of = |parts: &[&str]| base.then(|mix| parts.hash(mix));
        assert_eq!(of(&["a", "b"]), of(&["a", "b"]));
        assert_ne!(of(&["a", "b"]), of(&["b", "a"]));
        assert_ne!(of(&["ab", ""]), of(&["a", "b"]));
        assert_ne!(
            Recipe(8).then(|mix| "a".hash(mix)),
            base.then(|mix| "a".hash(mix))
        );
        assert_ne!(base.then(|_| ()).0, 0);
    }

    #[test]
    fn a_digested_value_renders_as_itself_and_mixes_as_its_digest() {
        let card = Value::from_serialize(std::collections::BTreeMap::from([
            ("title", "学习笔记"),
            ("url", "notes/a.html"),
        ]));
        let card42 = digested(card.clone(), Recipe(42));
        let mut env = minijinja::Environment::new();
        env.add_template(
            "t",
            "{{ c.title }} {{ c.url }} {{ c|length }} {% for k in c %}{{ k }},{% endfor %}",
        )
        .unwrap();
        let render = |c: &Value| {
            env.get_template("t")
                .unwrap()
                .render(minijinja::context! { c })
                .unwrap()
        };
        assert_eq!(render(&card42), render(&card));
        let recipe_of = |v: &Value| Recipe(0).then(|mix| mix_value(v, mix));
        assert_eq!(
            recipe_of(&card42),
            recipe_of(&digested(card.clone(), Recipe(42)))
        );
        assert_ne!(
            recipe_of(&card42),
            recipe_of(&digested(card.clone(), Recipe(43)))
        );
        let mixed = |v: Value| recipe_of(&v);
        assert_ne!(mixed(Value::from(2)), mixed(Value::from(2.0)));
        assert_ne!(mixed(Value::from(false)), mixed(Value::from(())));
        assert_ne!(
            mixed(Value::from("<b>")),
            mixed(Value::from_safe_string("<b>".into()))
        );
        assert_ne!(mixed(Value::from(())), mixed(Value::UNDEFINED));
        let other =
            Value::from_serialize(std::collections::BTreeMap::from([("title", "学习笔记2")]));
        assert_ne!(recipe_of(&card), recipe_of(&other));
        let listed = |c: Value| recipe_of(&Value::from(vec![c, Value::from("x")]));
        assert_ne!(listed(card.clone()), listed(other));
    }
}
