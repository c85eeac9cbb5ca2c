//! The result of a comparison and its three renderings: text (a terminal), markdown (a pull
//! request, the generated crate's CHANGELOG) and JSON (scripts; a fixed shape).

use std::fmt::Write as _;

use serde::Serialize;

use super::kind::{Class, Kind};

/// One change, as users' code sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub class: Class,
    pub kind: Kind,
    /// The Rust item affected, as a path in the generated crate (`Client::list_firms`,
    /// `types::Firm::kpp`).
    pub item: String,
    /// JSON pointer into the old document as written (`None` where the item is absent).
    pub old: Option<String>,
    /// JSON pointer into the new document as written.
    pub new: Option<String>,
    /// One line a person reads.
    pub message: String,
}

/// The semver bump a set of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }
}

/// How many changes of each class.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    pub breaking: usize,
    pub additive: usize,
    pub docs: usize,
}

/// What changed between two documents for code written against the generated client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The old document's name (as given) and `info.version`.
    pub old_file: String,
    pub old_version: String,
    pub new_file: String,
    pub new_version: String,
    /// Breaking changes first, then additive, then docs; within a class in the order of
    /// the API (base URL and security, operations, types, examples).
    pub changes: Vec<Change>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    old_version: &'a str,
    new_version: &'a str,
    required_bump: &'static str,
    version_ok: Option<bool>,
    summary: Summary,
    changes: Vec<JsonChange<'a>>,
}

#[derive(Serialize)]
struct JsonChange<'a> {
    class: &'static str,
    kind: &'static str,
    item: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    message: &'a str,
}

impl Report {
    pub fn summary(&self) -> Summary {
        let mut summary = Summary::default();
        for change in &self.changes {
            match change.class {
                Class::Breaking => summary.breaking += 1,
                Class::Additive => summary.additive += 1,
                Class::Docs => summary.docs += 1,
            }
        }
        summary
    }

    /// Major for any breaking change, else minor for any additive, else patch for docs,
    /// else none.
    pub fn required_bump(&self) -> Bump {
        match self.changes.iter().map(|c| c.class).min() {
            Some(Class::Breaking) => Bump::Major,
            Some(Class::Additive) => Bump::Minor,
            Some(Class::Docs) => Bump::Patch,
            None => Bump::None,
        }
    }

    /// Whether `new_version` is at least the required bump above `old_version` (Cargo's
    /// rules, so for `0.y.z` a breaking change needs `y` to move); `None` when either is
    /// not semver.
    pub fn version_ok(&self) -> Option<bool> {
        version_ok(&self.old_version, &self.new_version, self.required_bump())
    }

    /// Whether there is a change of `class` or a more severe one.
    pub fn has_at_least(&self, class: Class) -> bool {
        self.changes.iter().any(|c| c.class <= class)
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The plain-words warning when `info.version` did not move enough ("breaking changes
    /// but info.version went 3.0.2 → 3.0.2").
    pub fn version_warning(&self) -> Option<String> {
        if self.version_ok() != Some(false) {
            return None;
        }
        let worst = self.changes.iter().map(|c| c.class).min()?;
        let needed = minimum_version(&self.old_version, self.required_bump())
            .map(|v| format!(" (at least {v})"))
            .unwrap_or_default();
        Some(format!(
            "{worst} changes but info.version went {} → {}: the client needs a {} version{needed}",
            self.old_version,
            self.new_version,
            self.required_bump().as_str()
        ))
    }

    /// The JSON rendering: `old_version`, `new_version`, `required_bump`, `version_ok`,
    /// `summary`, `changes` (each `class`, `kind`, `item`, `old`, `new`, `message`).
    pub fn to_json(&self) -> String {
        let report = JsonReport {
            old_version: &self.old_version,
            new_version: &self.new_version,
            required_bump: self.required_bump().as_str(),
            version_ok: self.version_ok(),
            summary: self.summary(),
            changes: self
                .changes
                .iter()
                .map(|c| JsonChange {
                    class: c.class.as_str(),
                    kind: c.kind.as_str(),
                    item: &c.item,
                    old: c.old.as_deref(),
                    new: c.new.as_deref(),
                    message: &c.message,
                })
                .collect(),
        };
        // Serialising plain strings, numbers and options cannot fail.
        let mut text = serde_json::to_string_pretty(&report).unwrap_or_default();
        text.push('\n');
        text
    }

    /// One header line with the counts and the needed bump.
    pub fn headline(&self) -> String {
        let s = self.summary();
        format!(
            "{} {} → {} {}: {} breaking, {} additive, {} docs; required bump: {}",
            self.old_file,
            self.old_version,
            self.new_file,
            self.new_version,
            s.breaking,
            s.additive,
            s.docs,
            self.required_bump().as_str()
        )
    }

    /// For a terminal: the headline, the version warning, then one block per change.
    pub fn to_text(&self) -> String {
        let mut out = self.headline();
        out.push('\n');
        if let Some(warning) = self.version_warning() {
            let _ = writeln!(out, "warning: {warning}");
        }
        for c in &self.changes {
            let _ = writeln!(
                out,
                "\n{:<9} {}  {}\n          {}",
                c.class.as_str(),
                c.kind.as_str(),
                c.item,
                c.message
            );
            let _ = writeln!(
                out,
                "          old: {}  new: {}",
                c.old.as_deref().unwrap_or("-"),
                c.new.as_deref().unwrap_or("-")
            );
        }
        out
    }

    /// For a pull request: the counts, the warning, and the changes grouped by class under
    /// `###` headings, breaking first.
    pub fn to_markdown(&self) -> String {
        let s = self.summary();
        let mut out = format!(
            "{} → {}: {} breaking, {} additive, {} docs; required bump: **{}**.\n",
            self.old_version,
            self.new_version,
            s.breaking,
            s.additive,
            s.docs,
            self.required_bump().as_str()
        );
        if let Some(warning) = self.version_warning() {
            let _ = writeln!(out, "\n**Warning:** {warning}.");
        }
        out.push_str(&self.markdown_changes());
        out
    }

    /// The `### Breaking` / `### Additive` / `### Docs` sections (empty ones left out).
    pub fn markdown_changes(&self) -> String {
        let mut out = String::new();
        for class in Class::ALL {
            let changes: Vec<&Change> = self.changes.iter().filter(|c| c.class == class).collect();
            if changes.is_empty() {
                continue;
            }
            let _ = writeln!(out, "\n### {}\n", class.title());
            for c in changes {
                let _ = writeln!(out, "- `{}`: {} (`{}`)", c.item, c.message, c.kind.as_str());
            }
        }
        out
    }
}

/// Whether `new` is at least `bump` above `old` under Cargo's semver rules; `None` when either
/// does not parse.
pub fn version_ok(old: &str, new: &str, bump: Bump) -> Option<bool> {
    let old = semver::Version::parse(old.trim()).ok()?;
    let new = semver::Version::parse(new.trim()).ok()?;
    let compatible = semver::Comparator {
        op: semver::Op::Caret,
        major: old.major,
        minor: Some(old.minor),
        patch: Some(old.patch),
        pre: old.pre.clone(),
    }
    .matches(&new);
    Some(match bump {
        Bump::None => new >= old,
        Bump::Patch => new > old,
        // Under Cargo's rules `0.y.z` has no separate minor position: a patch bump there may
        // add things.
        Bump::Minor => new > old && (!compatible || old.major == 0 || new.minor > old.minor),
        Bump::Major => new > old && !compatible,
    })
}

/// The smallest version `bump` above `old` (`3.0.2` major → `4.0.0`, `0.2.1` major →
/// `0.3.0`).
fn minimum_version(old: &str, bump: Bump) -> Option<String> {
    let v = semver::Version::parse(old.trim()).ok()?;
    let (major, minor, patch) = (v.major, v.minor, v.patch);
    let next = match bump {
        Bump::None => (major, minor, patch),
        Bump::Patch => (major, minor, patch + 1),
        Bump::Minor if major == 0 => (major, minor, patch + 1),
        Bump::Minor => (major, minor + 1, 0),
        Bump::Major if major > 0 => (major + 1, 0, 0),
        Bump::Major if minor > 0 => (0, minor + 1, 0),
        Bump::Major => (0, 0, patch + 1),
    };
    Some(format!("{}.{}.{}", next.0, next.1, next.2))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(old: &str, new: &str, classes: &[Class]) -> Report {
        Report {
            old_file: "a.json".into(),
            old_version: old.into(),
            new_file: "b.json".into(),
            new_version: new.into(),
            changes: classes
                .iter()
                .map(|class| Change {
                    class: *class,
                    kind: Kind::FieldAdded,
                    item: "types::A::b".into(),
                    old: None,
                    new: Some("#/definitions/A/properties/b".into()),
                    message: "m".into(),
                })
                .collect(),
        }
    }

    #[test]
    fn bump_follows_the_worst_class() {
        assert_eq!(report("1.0.0", "1.0.0", &[]).required_bump(), Bump::None);
        assert_eq!(
            report("1.0.0", "1.0.0", &[Class::Docs]).required_bump(),
            Bump::Patch
        );
        let mixed = [Class::Docs, Class::Additive];
        assert_eq!(
            report("1.0.0", "1.0.0", &mixed).required_bump(),
            Bump::Minor
        );
        let worst = [Class::Docs, Class::Breaking, Class::Additive];
        assert_eq!(
            report("1.0.0", "1.0.0", &worst).required_bump(),
            Bump::Major
        );
    }

    #[test]
    fn version_ok_uses_cargo_rules() {
        let cases = [
            ("3.0.2", "3.0.2", Bump::None, Some(true)),
            ("3.0.2", "3.0.1", Bump::None, Some(false)),
            ("3.0.2", "3.0.3", Bump::Patch, Some(true)),
            ("3.0.2", "3.0.2", Bump::Patch, Some(false)),
            ("3.0.2", "3.0.3", Bump::Minor, Some(false)),
            ("3.0.2", "3.1.0", Bump::Minor, Some(true)),
            ("3.0.2", "4.0.0", Bump::Minor, Some(true)),
            ("3.0.2", "3.9.9", Bump::Major, Some(false)),
            ("3.0.2", "4.0.0", Bump::Major, Some(true)),
            ("3.0.2", "4.0.0-beta.1", Bump::Major, Some(true)),
            ("0.2.1", "0.2.2", Bump::Minor, Some(true)),
            ("0.2.1", "0.2.2", Bump::Major, Some(false)),
            ("0.2.1", "0.3.0", Bump::Major, Some(true)),
            ("0.0.1", "0.0.2", Bump::Major, Some(true)),
            ("3.0", "3.1", Bump::Minor, None),
            ("3.0.2", "v3", Bump::None, None),
        ];
        for (old, new, bump, expected) in cases {
            assert_eq!(
                version_ok(old, new, bump),
                expected,
                "{old} → {new} ({bump:?})"
            );
        }
    }

    #[test]
    fn warning_names_the_versions_in_plain_words() {
        let r = report("3.0.2", "3.0.2", &[Class::Breaking]);
        assert_eq!(r.version_ok(), Some(false));
        assert_eq!(
            r.version_warning().as_deref(),
            Some("breaking changes but info.version went 3.0.2 → 3.0.2: the client needs a major version (at least 4.0.0)")
        );
        assert_eq!(
            report("3.0.2", "4.0.0", &[Class::Breaking]).version_warning(),
            None
        );
        assert_eq!(report("x", "y", &[Class::Breaking]).version_warning(), None);
    }

    #[test]
    fn json_has_exactly_the_documented_shape() {
        let r = report("3.0.2", "3.0.3", &[Class::Additive]);
        let value: serde_json::Value = serde_json::from_str(&r.to_json()).unwrap();
        let keys: Vec<&str> = value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "old_version",
                "new_version",
                "required_bump",
                "version_ok",
                "summary",
                "changes"
            ]
        );
        assert_eq!(value["required_bump"], "minor");
        assert_eq!(value["version_ok"], false);
        assert_eq!(
            value["summary"],
            serde_json::json!({"breaking": 0, "additive": 1, "docs": 0})
        );
        let change = value["changes"][0].as_object().unwrap();
        let keys: Vec<&str> = change.keys().map(String::as_str).collect();
        assert_eq!(keys, ["class", "kind", "item", "old", "new", "message"]);
        assert_eq!(change["old"], serde_json::Value::Null);
        assert!(report("a", "b", &[])
            .to_json()
            .contains("\"version_ok\": null"));
    }

    #[test]
    fn markdown_groups_breaking_first() {
        let r = report("1.0.0", "2.0.0", &[Class::Docs, Class::Breaking]);
        let md = r.to_markdown();
        let breaking = md.find("### Breaking").unwrap();
        let docs = md.find("### Docs").unwrap();
        assert!(breaking < docs, "{md}");
        assert!(!md.contains("### Additive"), "{md}");
    }
}
