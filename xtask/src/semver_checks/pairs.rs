//! The revision pairs cargo-semver-checks is run on: real releases of the ds model, and the pinned model against itself with one edit, each edit a kind of change the tool reports.

use crate::{botocore, root};
use serde_json::{json, Value};
use std::fs;
use std::path::PathBuf;

/// One side of a pair.
#[derive(Clone, Copy, Debug)]
pub enum Side {
    /// A botocore release of the ds model: the pinned one in `model/ds/`, older ones in
    /// `model/ds/history/`.
    Release(&'static str),
    /// The pinned model with one edit.
    Edited(Edit),
}

/// An edit of the pinned ds model.
#[derive(Clone, Copy, Debug)]
pub enum Edit {
    /// `AddTagsToResource` removed.
    RemoveOperation,
    /// `Large` removed from the enum `DirectorySize`.
    RemoveEnumValue,
    /// `ShortName` removed from `DirectoryDescription`.
    RemoveMember,
    /// `Description` of `CreateDirectoryRequest` made required.
    MakeMemberRequired,
    /// `AddTagsToResource` deprecated.
    DeprecateOperation,
    /// The structure `Trust` deprecated.
    DeprecateStructure,
    /// `ShortName` of `DirectoryDescription` deprecated.
    DeprecateMember,
    /// `Medium` added to the enum `DirectorySize`.
    AddEnumValue,
    /// An optional `Comment` added to `CreateDirectoryRequest`.
    AddOptionalMember,
}

impl Edit {
    /// The edit's name, as pairs are named.
    pub fn name(self) -> &'static str {
        match self {
            Edit::RemoveOperation => "remove-operation",
            Edit::RemoveEnumValue => "remove-enum-value",
            Edit::RemoveMember => "remove-member",
            Edit::MakeMemberRequired => "make-member-required",
            Edit::DeprecateOperation => "deprecate-operation",
            Edit::DeprecateStructure => "deprecate-structure",
            Edit::DeprecateMember => "deprecate-member",
            Edit::AddEnumValue => "add-enum-value",
            Edit::AddOptionalMember => "add-optional-member",
        }
    }

    /// Applies the edit to a `service-2.json`; an error if the model lacks what it edits.
    fn apply(self, model: &mut Value) -> Result<(), String> {
        let missing = || format!("the ds model lacks what `{}` edits", self.name());
        let shapes = &mut model["shapes"];
        match self {
            Edit::RemoveOperation => {
                let operations = model["operations"].as_object_mut().ok_or_else(missing)?;
                operations
                    .shift_remove("AddTagsToResource")
                    .ok_or_else(missing)?;
            }
            Edit::RemoveEnumValue | Edit::AddEnumValue => {
                let values = shapes["DirectorySize"]["enum"]
                    .as_array_mut()
                    .ok_or_else(missing)?;
                if matches!(self, Edit::RemoveEnumValue) {
                    let before = values.len();
                    values.retain(|v| v != "Large");
                    if values.len() == before {
                        return Err(missing());
                    }
                } else {
                    values.push(json!("Medium"));
                }
            }
            Edit::RemoveMember => {
                let members = shapes["DirectoryDescription"]["members"]
                    .as_object_mut()
                    .ok_or_else(missing)?;
                members.shift_remove("ShortName").ok_or_else(missing)?;
            }
            Edit::MakeMemberRequired => {
                let required = shapes["CreateDirectoryRequest"]["required"]
                    .as_array_mut()
                    .ok_or_else(missing)?;
                required.push(json!("Description"));
            }
            Edit::DeprecateOperation => {
                let operation = model["operations"]["AddTagsToResource"]
                    .as_object_mut()
                    .ok_or_else(missing)?;
                operation.insert("deprecated".to_owned(), json!(true));
            }
            Edit::DeprecateStructure => {
                let shape = shapes["Trust"].as_object_mut().ok_or_else(missing)?;
                shape.insert("deprecated".to_owned(), json!(true));
            }
            Edit::DeprecateMember => {
                let member = shapes["DirectoryDescription"]["members"]["ShortName"]
                    .as_object_mut()
                    .ok_or_else(missing)?;
                member.insert("deprecated".to_owned(), json!(true));
            }
            Edit::AddOptionalMember => {
                let members = shapes["CreateDirectoryRequest"]["members"]
                    .as_object_mut()
                    .ok_or_else(missing)?;
                members.insert(
                    "Comment".to_owned(),
                    json!({"shape": "Description", "documentation": "<p>A comment.</p>"}),
                );
            }
        }
        Ok(())
    }
}

/// A pair: what cargo-semver-checks compares, old against new.
#[derive(Clone, Copy, Debug)]
pub struct Pair {
    /// The older side.
    pub old: Side,
    /// The newer side.
    pub new: Side,
}

impl Pair {
    /// The pair's name, such as `1.14.0-1.14.9` or `1.44.5-remove-operation`.
    pub fn name(&self) -> String {
        format!("{}-{}", side_name(self.old), side_name(self.new))
    }
}

/// A side's name: its release, or its edit.
pub fn side_name(side: Side) -> &'static str {
    match side {
        Side::Release(version) => version,
        Side::Edited(edit) => edit.name(),
    }
}

const PINNED: Side = Side::Release(botocore::PINNED_VERSION);

const fn edited(edit: Edit) -> Pair {
    Pair {
        old: PINNED,
        new: Side::Edited(edit),
    }
}

const fn releases(old: &'static str, new: &'static str) -> Pair {
    Pair {
        old: Side::Release(old),
        new: Side::Release(new),
    }
}

/// Every pair: the reviewed revision pairs of the ds model (whose diffs the tests also check
/// against reviewed reports), and one pair per edit.
pub const PAIRS: &[Pair] = &[
    releases("1.14.0", "1.14.9"),
    releases("1.14.17", "1.40.0"),
    releases("1.19.30", "1.44.5"),
    releases("1.38.0", "1.39.0"),
    releases("1.40.40", "1.40.45"),
    releases("1.44.0", "1.44.1"),
    // Backwards, so that operations, members and enum values disappear.
    releases("1.44.5", "1.19.30"),
    edited(Edit::RemoveOperation),
    edited(Edit::RemoveEnumValue),
    edited(Edit::RemoveMember),
    edited(Edit::MakeMemberRequired),
    edited(Edit::DeprecateOperation),
    edited(Edit::DeprecateStructure),
    edited(Edit::DeprecateMember),
    edited(Edit::AddEnumValue),
    edited(Edit::AddOptionalMember),
];

/// The model directory of a side. An edited model is written (when it changed) to
/// `target/semver-models/EDIT/`, beside copies of the pinned model's other files and of
/// the partitions.
pub fn model_dir(side: Side) -> Result<PathBuf, String> {
    let pinned = root().join("model/ds");
    let edit = match side {
        Side::Release(version) if version == botocore::PINNED_VERSION => return Ok(pinned),
        Side::Release(version) => return Ok(root().join("model/ds/history").join(version)),
        Side::Edited(edit) => edit,
    };
    let dir = root().join("target/semver-models").join(edit.name());
    fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    for name in [
        "service-2.json",
        "paginators-1.json",
        "waiters-2.json",
        "endpoint-rule-set-1.json",
        "../partitions.json",
    ] {
        let source = pinned.join(name);
        let mut text = fs::read_to_string(&source)
            .map_err(|e| format!("cannot read {}: {e}", source.display()))?;
        if name == "service-2.json" {
            let mut model: Value =
                serde_json::from_str(&text).map_err(|e| format!("{}: {e}", source.display()))?;
            edit.apply(&mut model)?;
            text = serde_json::to_string_pretty(&model).map_err(|e| e.to_string())? + "\n";
        }
        let path = dir.join(name.trim_start_matches("../"));
        if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            fs::write(&path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        }
    }
    Ok(dir)
}
