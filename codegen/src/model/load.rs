//! Parses model file texts into the serde mirror; errors name the file and a JSON Pointer.

use super::{Paginators, ServiceModel, Waiters};
use crate::diag::{pointer_escape, Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;

/// One input file: the path it is shown under in diagnostics and headers, and its text.
#[derive(Clone, Debug)]
pub struct SourceFile {
    /// Path as shown to people, such as `model/ds/service-2.json`.
    pub path: String,
    /// File contents.
    pub text: String,
}

/// The texts of one service's model files; the caller reads them from disk.
#[derive(Clone, Debug)]
pub struct ModelFiles {
    /// `service-2.json`.
    pub service: SourceFile,
    /// `paginators-1.json`, if the service has one.
    pub paginators: Option<SourceFile>,
    /// `waiters-2.json`, if the service has one.
    pub waiters: Option<SourceFile>,
    /// `endpoint-rule-set-1.json`, if the service has one.
    pub endpoint_rules: Option<SourceFile>,
    /// botocore's `partitions.json`, which endpoint rules need.
    pub partitions: Option<SourceFile>,
    /// The service shape to generate (`example.weather#Weather`, or just `Weather`) when a
    /// Smithy model holds several; `None` when it holds one (botocore models hold one).
    pub service_shape: Option<String>,
}

/// The parsed model files.
#[derive(Clone, Debug)]
pub struct Models {
    /// `service-2.json`.
    pub service: ServiceModel,
    /// `paginators-1.json` (empty if absent).
    pub paginators: Paginators,
    /// `waiters-2.json` (empty if absent).
    pub waiters: Waiters,
    /// Paths of the files, for diagnostics.
    pub service_path: String,
    /// Path of the paginators file, or the path it would have.
    pub paginators_path: String,
    /// Path of the waiters file, or the path it would have.
    pub waiters_path: String,
    /// The endpoint rule set and its path, if given.
    pub endpoint_rules: Option<(String, serde_json::Value)>,
    /// The partitions, if given.
    pub partitions: Option<serde_json::Value>,
    /// For a Smithy model: where each botocore pointer came from in the Smithy file.
    pub source_map: Option<super::smithy::SourceMap>,
}

/// Parses every file, reporting a problem in each file rather than stopping at the first.
/// A `service` file that is a Smithy JSON AST (told apart by its content) is read by
/// [`super::smithy`]; the other files are then not needed, but partitions are used.
pub fn load(files: &ModelFiles) -> Result<Models, Diagnostics> {
    let mut problems = Diagnostics::default();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&files.service.text) {
        if super::smithy::is_smithy(&value) {
            let partitions = match &files.partitions {
                Some(file) => match parse::<serde_json::Value>(file, &mut problems) {
                    Some(p) => Some(p),
                    None => return Err(problems),
                },
                None => None,
            };
            return super::smithy::load(
                &files.service,
                &value,
                partitions,
                files.service_shape.as_deref(),
            )
            .map(sort_shapes);
        }
    }
    let service = parse::<ServiceModel>(&files.service, &mut problems);
    let paginators = match &files.paginators {
        Some(file) => parse::<Paginators>(file, &mut problems),
        None => Some(Paginators::default()),
    };
    let waiters = match &files.waiters {
        Some(file) => parse::<Waiters>(file, &mut problems),
        None => Some(Waiters::default()),
    };
    let endpoint_rules = match &files.endpoint_rules {
        Some(file) => {
            parse::<serde_json::Value>(file, &mut problems).map(|v| Some((file.path.clone(), v)))
        }
        None => Some(None),
    };
    let partitions = match &files.partitions {
        Some(file) => parse::<serde_json::Value>(file, &mut problems).map(Some),
        None => Some(None),
    };
    let sibling = |name: &str| match files.service.path.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{name}"),
        None => name.to_owned(),
    };
    match (service, paginators, waiters, endpoint_rules, partitions) {
        (
            Some(service),
            Some(paginators),
            Some(waiters),
            Some(endpoint_rules),
            Some(partitions),
        ) if !problems.has_errors() => Ok(sort_shapes(Models {
            endpoint_rules,
            partitions,
            service,
            paginators,
            waiters,
            source_map: None,
            service_path: files.service.path.clone(),
            paginators_path: files
                .paginators
                .as_ref()
                .map_or_else(|| sibling("paginators-1.json"), |f| f.path.clone()),
            waiters_path: files
                .waiters
                .as_ref()
                .map_or_else(|| sibling("waiters-2.json"), |f| f.path.clone()),
        })),
        _ => {
            problems.sort();
            Err(problems)
        }
    }
}

/// Puts the shapes in name order, which makes a [`super::ShapeId`] the same for the same
/// model whatever order its file lists shapes in.
fn sort_shapes(mut models: Models) -> Models {
    models.service.shapes.sort_keys();
    models
}

fn parse<T: DeserializeOwned>(file: &SourceFile, problems: &mut Diagnostics) -> Option<T> {
    let mut de = serde_json::Deserializer::from_str(&file.text);
    let result = serde_path_to_error::deserialize::<_, T>(&mut de);
    match result {
        Ok(value) => match de.end() {
            Ok(()) => Some(value),
            Err(err) => {
                problems.push(describe(file, "", &err));
                None
            }
        },
        Err(err) => {
            let pointer: String = err
                .path()
                .iter()
                .filter_map(|segment| match segment {
                    serde_path_to_error::Segment::Seq { index } => Some(format!("/{index}")),
                    serde_path_to_error::Segment::Map { key } => {
                        Some(format!("/{}", pointer_escape(key)))
                    }
                    serde_path_to_error::Segment::Enum { variant } => {
                        Some(format!("/{}", pointer_escape(variant)))
                    }
                    serde_path_to_error::Segment::Unknown => None,
                })
                .collect();
            problems.push(describe(file, &pointer, err.inner()));
            None
        }
    }
}

fn describe(file: &SourceFile, pointer: &str, inner: &serde_json::Error) -> Diagnostic {
    // serde_json appends " at line L column C"; the location already says where.
    let text = inner.to_string();
    let message = text
        .rsplit_once(" at line ")
        .map_or(text.as_str(), |(head, _)| head)
        .to_owned();
    let syntax = matches!(
        inner.classify(),
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof
    );
    let location = if syntax || pointer.is_empty() {
        format!("line {}, column {}", inner.line(), inner.column())
    } else {
        pointer.to_owned()
    };
    let what = if syntax {
        "is not valid JSON"
    } else if inner.to_string().contains("missing field `metadata`") {
        "is neither a botocore model nor a Smithy JSON AST"
    } else {
        "does not match the botocore model format"
    };
    Diagnostic::error(
        &file.path,
        location,
        format!("{} {what}: {message}", file_name(&file.path)),
    )
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(service: &str) -> ModelFiles {
        ModelFiles {
            service: SourceFile {
                path: "m/service-2.json".into(),
                text: service.into(),
            },
            paginators: None,
            waiters: None,
            endpoint_rules: None,
            partitions: None,
            service_shape: None,
        }
    }

    #[test]
    fn syntax_errors_give_line_and_column() {
        let err = load(&files("{\n  \"metadata\": ")).unwrap_err();
        let text = err.to_string();
        assert!(
            text.starts_with("error: service-2.json is not valid JSON"),
            "{text}"
        );
        assert!(
            text.contains("--> m/service-2.json: line 2, column"),
            "{text}"
        );
    }

    #[test]
    fn shape_types_unknown_to_botocore_are_kept_for_the_checks() {
        let text = r#"{"metadata":{"apiVersion":"1","protocol":"json","serviceFullName":"S"},
            "shapes":{"A":{"type":"structure"},"B":{"type":"biginteger"},"C":{"type":"strng"}}}"#;
        let models = load(&files(text)).expect("loads");
        let types: Vec<&crate::model::ShapeType> = models
            .service
            .shapes
            .values()
            .map(|s| &s.shape_type)
            .collect();
        use crate::model::ShapeType;
        assert_eq!(
            types,
            [
                &ShapeType::Structure,
                &ShapeType::BigInteger,
                &ShapeType::Other("strng".to_owned())
            ]
        );
        assert_eq!(types[2].to_string(), "strng");
    }

    #[test]
    fn type_errors_give_a_json_pointer() {
        let model = r#"{"metadata":{"apiVersion":"1","protocol":"json","serviceFullName":"X"},
            "shapes":{"A":{"type":"structure","members":{"B":{"shape":7}}}}}"#;
        let text = load(&files(model)).unwrap_err().to_string();
        assert!(
            text.contains("--> m/service-2.json: /shapes/A/members/B/shape"),
            "{text}"
        );
        assert!(
            text.contains("invalid type: integer `7`, expected a string"),
            "{text}"
        );
    }
}
