//! The access file: which projects may use which checkpoints, kept in a reviewed file and
//! enforced by `planAccess` / `applyAccess`. Read and checked here, before any request: a bad
//! file is refused whole, with the place named (`checkpoints["ft:…"][2]`), because applying half
//! of a file someone mistyped is worse than applying none of it.
//!
//! ```json
//! { "$schema": "./node_modules/checkpoint-permissions/access.schema.json",
//!   "checkpoints": { "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd": ["proj_abGMw1llN8IrBb6SvvY5A1iH"] } }
//! ```

use std::collections::HashSet;
use std::fmt;

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, SerializeStruct, Serializer};
use serde::{Deserialize, Serialize};
use serde_path_to_error::Segment;

use crate::ids::IdKind;
use crate::model::CheckpointPermission;
use crate::validate::{InvalidInput, Problem};

/// What an exported file's `$schema` says: where npm puts the package's schema.
pub const SCHEMA: &str = "./node_modules/checkpoint-permissions/access.schema.json";
/// The field name of errors about the file as a whole (not JSON, not an object).
const WHOLE_FILE: &str = "access file";
/// What the file must be, in the words of every refusal of its shape.
const EXPECTED: &str = "an object like { \"checkpoints\": { \"ft:…\": [\"proj_…\"] } }";

/// A checked access file, its checkpoints in the file's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccessFile {
    pub checkpoints: Vec<CheckpointAccess>,
}

/// One checkpoint and the projects that may use it; an empty list means nobody.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckpointAccess {
    pub checkpoint: String,
    pub projects: Vec<String>,
}

impl AccessFile {
    /// Reads the file's JSON text. Only text shows a checkpoint listed twice: a JSON object
    /// parser keeps the last of two equal keys.
    pub fn from_json(text: &str) -> Result<Self, InvalidInput> {
        Self::parse(text, |error| error.to_string())
    }

    /// Reads the `JSON.stringify` text of an object the caller parsed: the same checks, but the
    /// messages leave out "at line 1 column 57", a place in text the caller never saw.
    pub fn from_serialized(text: &str) -> Result<Self, InvalidInput> {
        Self::parse(text, |error| {
            let message = error.to_string();
            let position = format!(" at line {} column {}", error.line(), error.column());
            message.strip_suffix(&position).map_or_else(|| message.clone(), str::to_owned)
        })
    }

    fn parse(text: &str, describe: impl Fn(serde_json::Error) -> String) -> Result<Self, InvalidInput> {
        // A value of the wrong type is said in a reader's words; text that is not JSON keeps
        // serde's own message, which says where it stops being JSON.
        let not_json = std::cell::Cell::new(false);
        let mut json = serde_json::Deserializer::from_str(text);
        let read = Self::read(&mut json, |error| {
            not_json.set(error.is_syntax() || error.is_eof());
            describe(error)
        });
        let document = read.map_err(|error| match top_level_kind(text) {
            Some(found) if !not_json.get() => InvalidInput::new(WHOLE_FILE, Problem::Detail(format!("must be {EXPECTED}, not {found}"))),
            _ => error,
        })?;
        json.end().map_err(|error| InvalidInput::new(WHOLE_FILE, Problem::Detail(format!("is not valid JSON: {}", describe(error)))))?;
        Ok(document)
    }

    /// Reads the file from any serde deserializer (in the wasm, the parsed object), then checks it.
    pub fn read<'de, D: Deserializer<'de>>(deserializer: D, describe: impl Fn(D::Error) -> String) -> Result<Self, InvalidInput> {
        let document: Document = serde_path_to_error::deserialize(deserializer).map_err(|error| {
            let place = place(error.path().iter());
            InvalidInput::new(place, Problem::Detail(describe(error.into_inner())))
        })?;
        Self::check(document.checkpoints.0)
    }

    fn check(entries: Vec<(String, Vec<String>)>) -> Result<Self, InvalidInput> {
        let mut seen_checkpoints: HashSet<&str> = HashSet::with_capacity(entries.len());
        for (checkpoint, projects) in &entries {
            let place = format!("checkpoints[{}]", quoted(checkpoint));
            if !seen_checkpoints.insert(checkpoint) {
                return Err(InvalidInput::new(place, Problem::Detail("is listed twice; each checkpoint may appear once".into())));
            }
            IdKind::Checkpoint.check(&place, checkpoint)?;
            let mut seen_projects: HashSet<&str> = HashSet::with_capacity(projects.len());
            for (index, project) in projects.iter().enumerate() {
                let place = format!("{place}[{index}]");
                IdKind::Project.check(&place, project)?;
                if !seen_projects.insert(project) {
                    return Err(InvalidInput::new(place, Problem::Detail("is listed twice for this checkpoint".into())));
                }
            }
        }
        let checkpoints = entries.into_iter().map(|(checkpoint, projects)| CheckpointAccess { checkpoint, projects }).collect();
        Ok(Self { checkpoints })
    }
}

/// What the file's text holds at the top, going by its first character, when that is not an
/// object, in a reader's words (serde would say "invalid length 1, expected struct Document" of
/// an array). Asked only when serde found a value of the wrong type, not text that is not JSON.
fn top_level_kind(text: &str) -> Option<&'static str> {
    match text.trim_start().chars().next()? {
        '[' => Some("an array"),
        '"' => Some("a string"),
        't' | 'f' => Some("a boolean"),
        'n' => Some("null"),
        '-' | '0'..='9' => Some("a number"),
        _ => None,
    }
}

/// `checkpoints["ft:…"][2]`: a JSON path a reader can paste into a search, keys quoted as JSON.
fn place<'a>(segments: impl Iterator<Item = &'a Segment>) -> String {
    let mut place = String::new();
    for segment in segments {
        match segment {
            Segment::Map { key } if place.is_empty() => place.push_str(key),
            Segment::Map { key } => place = format!("{place}[{}]", quoted(key)),
            Segment::Seq { index } => place = format!("{place}[{index}]"),
            Segment::Enum { .. } | Segment::Unknown => place.push_str("[?]"),
        }
    }
    if place.is_empty() {
        WHOLE_FILE.to_owned()
    } else {
        place
    }
}

/// Quoted and escaped as JSON does (`JSON.stringify` gives the same), so a reader can paste the
/// place into a search of the file.
fn quoted(key: &str) -> String {
    serde_json::to_string(key).unwrap_or_else(|_| format!("{key:?}"))
}

/// The file as written: `$schema` is allowed (editors use it) and ignored; anything else unknown
/// is refused, so a typo like `"checkpoint"` is not a file that silently grants nothing.
#[derive(Deserialize)]
#[serde(deny_unknown_fields, expecting = "an object like { \"checkpoints\": { \"ft:…\": [\"proj_…\"] } }")]
struct Document {
    #[serde(rename = "$schema", default)]
    #[allow(dead_code)]
    schema: Option<String>,
    checkpoints: Entries,
}

/// The `checkpoints` object as its entries, in order and with duplicates kept for `check`.
struct Entries(Vec<(String, Vec<String>)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("an object of checkpoint names, each with its list of project ids")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::new();
                while let Some(checkpoint) = map.next_key::<String>()? {
                    let projects = map.next_value::<Vec<String>>()?;
                    entries.push((checkpoint, projects));
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// Today's access to some checkpoints, as a file `planAccess` reports as "no changes".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    pub checkpoints: Vec<CheckpointAccess>,
}

impl ExportedFile {
    /// Each checkpoint's projects once each, in the order their permissions were granted.
    pub fn new(current: Vec<(String, Vec<CheckpointPermission>)>) -> Self {
        let checkpoints = current
            .into_iter()
            .map(|(checkpoint, permissions)| {
                let mut seen: HashSet<&str> = HashSet::with_capacity(permissions.len());
                let projects =
                    permissions.iter().filter(|permission| seen.insert(&permission.project_id)).map(|permission| permission.project_id.clone()).collect();
                CheckpointAccess { checkpoint, projects }
            })
            .collect();
        Self { checkpoints }
    }
}

impl Serialize for ExportedFile {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        struct Checkpoints<'a>(&'a [CheckpointAccess]);
        impl Serialize for Checkpoints<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut map = serializer.serialize_map(Some(self.0.len()))?;
                for entry in self.0 {
                    map.serialize_entry(&entry.checkpoint, &entry.projects)?;
                }
                map.end()
            }
        }
        let mut file = serializer.serialize_struct("AccessFile", 2)?;
        file.serialize_field("$schema", SCHEMA)?;
        file.serialize_field("checkpoints", &Checkpoints(&self.checkpoints))?;
        file.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::PermissionObject;

    const WEATHER: &str = "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd";

    fn refused(text: &str) -> String {
        match AccessFile::from_json(text) {
            Ok(file) => panic!("accepted {text}: {file:?}"),
            Err(error) => error.message(),
        }
    }

    #[test]
    fn reads_the_documented_example_in_order() {
        let text = r#"{
          "$schema": "./node_modules/checkpoint-permissions/access.schema.json",
          "checkpoints": {
            "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd": ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_iqGMw1llN8IrBb6SvvY5A1oF"],
            "ft:gpt-4o-mini-2024-07-18:org:weather:B7R9VjQd:ckpt-step-200": []
          }
        }"#;
        let file = AccessFile::from_json(text).unwrap();
        assert_eq!(file.checkpoints.len(), 2);
        assert_eq!(file.checkpoints[0].checkpoint, WEATHER);
        assert_eq!(file.checkpoints[0].projects, ["proj_abGMw1llN8IrBb6SvvY5A1iH", "proj_iqGMw1llN8IrBb6SvvY5A1oF"]);
        assert_eq!(file.checkpoints[1].projects, Vec::<String>::new(), "[] means nobody, and is allowed");
        assert_eq!(AccessFile::from_json(r#"{"checkpoints":{}}"#).unwrap().checkpoints, vec![]);
    }

    #[test]
    fn a_wrong_type_names_its_place_and_line() {
        let text = "{\"checkpoints\": {\n \"ft:a\": [\"proj_a\", \"proj_b\", 3]\n}}";
        assert_eq!(refused(text), "checkpoints[\"ft:a\"][2]: invalid type: integer `3`, expected a string at line 2 column 31");
        assert!(refused(r#"{"checkpoints": {"ft:a": "proj_a"}}"#).starts_with("checkpoints[\"ft:a\"]: invalid type: string \"proj_a\", expected a sequence"));
        assert!(refused(r#"{"checkpoints": []}"#).starts_with("checkpoints: invalid type: sequence, expected an object of checkpoint names"));
        let not_an_object = |found: &str| format!("access file: must be {EXPECTED}, not {found}");
        assert_eq!(refused("3"), not_an_object("a number"));
        assert_eq!(refused(" [{\"checkpoints\": {}}]"), not_an_object("an array"));
        assert_eq!(refused("[]"), not_an_object("an array"));
        assert_eq!(refused("\"ft:a\""), not_an_object("a string"));
        assert_eq!(refused("null"), not_an_object("null"));
        assert_eq!(refused("true"), not_an_object("a boolean"));
        for not_json in ["nope", "tru", "-", "nul", "{"] {
            let message = refused(not_json);
            assert!(!message.contains("must be"), "{not_json}: {message}");
        }
    }

    #[test]
    fn unknown_keys_and_missing_checkpoints_are_refused() {
        assert_eq!(refused(r#"{"checkpoint": {}}"#), "checkpoint: unknown field `checkpoint`, expected `$schema` or `checkpoints` at line 1 column 13");
        assert!(refused(r#"{"$schema": "x"}"#).starts_with("access file: missing field `checkpoints`"));
        assert!(refused(r#"{"$schema": 1, "checkpoints": {}}"#).starts_with("$schema: invalid type: integer `1`"));
    }

    #[test]
    fn not_json_is_refused_with_where() {
        assert!(refused(r#"{"checkpoints": {"ft:a": ["proj_a",]}}"#).contains("at line 1 column"));
        assert!(refused(r#"{"checkpoints": {}} {}"#).starts_with("access file: is not valid JSON: trailing characters"));
        assert!(refused("").starts_with("access file: EOF while parsing"));
    }

    #[test]
    fn a_checkpoint_or_project_listed_twice_is_refused() {
        let twice = format!(r#"{{"checkpoints": {{"{WEATHER}": ["proj_a"], "ft:b": [], "{WEATHER}": ["proj_b"]}}}}"#);
        assert_eq!(refused(&twice), format!("checkpoints[\"{WEATHER}\"]: is listed twice; each checkpoint may appear once"));
        assert_eq!(
            refused(r#"{"checkpoints": {"ft:a": ["proj_a", "proj_b", "proj_a"]}}"#),
            "checkpoints[\"ft:a\"][2]: is listed twice for this checkpoint"
        );
    }

    #[test]
    fn malformed_names_are_refused() {
        assert_eq!(
            refused(r#"{"checkpoints": {"gpt-4o": []}}"#),
            "checkpoints[\"gpt-4o\"] must be a fine-tuned model or checkpoint name (ft:…) or a checkpoint id (ft-…)"
        );
        assert!(AccessFile::from_json(r#"{"checkpoints": {"ft-AF1WoRqd3aJAHsqc9NY7iL8F": []}}"#).is_ok(), "the OpenAPI document's own id");
        assert_eq!(refused(r#"{"checkpoints": {"": []}}"#), "checkpoints[\"\"] must not be empty");
        assert_eq!(refused(r#"{"checkpoints": {"..": []}}"#), "checkpoints[\"..\"] must not be \".\" or \"..\"");
        assert_eq!(refused(r#"{"checkpoints": {"ft:a\n": []}}"#), "checkpoints[\"ft:a\\n\"] must not contain control characters");
        assert_eq!(refused(r#"{"checkpoints": {"ft:a": ["prj_a"]}}"#), "checkpoints[\"ft:a\"][0] must be a project id (proj_…)");
        assert_eq!(refused(r#"{"checkpoints": {"ft:a": [""]}}"#), "checkpoints[\"ft:a\"][0] must not be empty");
        assert_eq!(refused(r#"{"checkpoints": {"ft:a": ["proj_\u0000"]}}"#), "checkpoints[\"ft:a\"][0] must not contain control characters");
        assert_eq!(refused(r#"{"checkpoints": {"ft:a/b": []}}"#), "checkpoints[\"ft:a/b\"] must not contain \"/\"");
        assert_eq!(refused(r#"{"checkpoints": {"ft:a": ["proj_a b"]}}"#), "checkpoints[\"ft:a\"][0] must not contain whitespace");
    }

    #[test]
    fn a_serialized_object_is_read_without_positions() {
        let error = AccessFile::from_serialized(r#"{"checkpoints":{"ft:a":["proj_a",3]}}"#).unwrap_err();
        assert_eq!(error.message(), "checkpoints[\"ft:a\"][1]: invalid type: integer `3`, expected a string");
        let error = AccessFile::from_serialized(r#"{"checkpoint":{}}"#).unwrap_err();
        assert_eq!(error.message(), "checkpoint: unknown field `checkpoint`, expected `$schema` or `checkpoints`");
    }

    #[test]
    fn a_parsed_value_reads_like_its_text() {
        let value = serde_json::json!({ "checkpoints": { "ft:a": ["proj_a", 3] } });
        let error = AccessFile::read(value, |error| error.to_string()).unwrap_err();
        assert_eq!(error.message(), "checkpoints[\"ft:a\"][1]: invalid type: integer `3`, expected a string");
    }

    #[test]
    fn an_export_lists_each_project_once_and_reads_back_as_the_same_access() {
        let permission = |id: &str, project: &str| CheckpointPermission {
            object: PermissionObject::CheckpointPermission,
            id: id.into(),
            created_at: 1,
            project_id: project.into(),
        };
        let exported = ExportedFile::new(vec![
            (WEATHER.into(), vec![permission("cp_1", "proj_b"), permission("cp_2", "proj_a"), permission("cp_3", "proj_b")]),
            ("ft:x".into(), vec![]),
        ]);
        let text = serde_json::to_string(&exported).unwrap();
        assert_eq!(text, format!(r#"{{"$schema":"{SCHEMA}","checkpoints":{{"{WEATHER}":["proj_b","proj_a"],"ft:x":[]}}}}"#));
        assert_eq!(AccessFile::from_json(&text).unwrap().checkpoints, exported.checkpoints);
    }
}
