//! Trims a loaded model to the operations a program uses: those operations, the shapes their inputs, outputs and errors reach, and the paginators and waiters of those operations; a name the model lacks is an error with a suggestion.

use super::Models;
use crate::diag::{did_you_mean, pointer, Diagnostic, Diagnostics};
use std::collections::BTreeSet;

/// Keeps only the operations named in `keep` (by their names in the model) and what they
/// reach. Every name the model lacks is reported, with the nearest one it has.
pub fn trim(models: &mut Models, keep: &[String]) -> Result<(), Diagnostics> {
    let mut problems = Diagnostics::default();
    let service = &models.service;
    for name in keep {
        if !service.operations.contains_key(name) {
            let hint = did_you_mean(name, service.operations.keys().map(String::as_str));
            let mut d = Diagnostic::error(
                &models.service_path,
                pointer(["operations"]),
                format!("`--operations` names `{name}`, which is not an operation of the model"),
            );
            if let Some(hint) = hint {
                d = d.note(format!("did you mean `{hint}`?"));
            }
            problems.push(d);
        }
    }
    if keep.is_empty() {
        problems.push(Diagnostic::error(
            &models.service_path,
            pointer(["operations"]),
            "`--operations` names no operation",
        ));
    }
    if problems.has_errors() {
        return Err(problems);
    }
    let keep: BTreeSet<&str> = keep.iter().map(String::as_str).collect();
    // Every shape the kept operations reach, through members, list items and map entries.
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = service
        .operations
        .iter()
        .filter(|(name, _)| keep.contains(name.as_str()))
        .flat_map(|(_, op)| op.input.iter().chain(&op.output).chain(&op.errors))
        .map(|r| r.shape.clone())
        .collect();
    while let Some(name) = stack.pop() {
        let Some(shape) = service.shapes.get(&name) else {
            continue;
        };
        if !reached.insert(name) {
            continue;
        }
        stack.extend(shape.contained().map(|m| m.shape.clone()));
    }
    let service = &mut models.service;
    service
        .operations
        .retain(|name, _| keep.contains(name.as_str()));
    // `retain` keeps the name order, so a shape id is still a position among the kept.
    service.shapes.retain(|name, _| reached.contains(name));
    models
        .paginators
        .pagination
        .retain(|operation, _| keep.contains(operation.as_str()));
    models
        .waiters
        .waiters
        .retain(|_, waiter| keep.contains(waiter.operation.as_str()));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::trim;
    use crate::model::{load, ModelFiles, SourceFile};

    fn models() -> crate::model::Models {
        let text = r#"{"metadata":{"apiVersion":"1","protocol":"json","serviceFullName":"S",
            "jsonVersion":"1.0","targetPrefix":"T"},
        "operations":{
            "GetThing":{"name":"GetThing","input":{"shape":"GetIn"},"output":{"shape":"GetOut"},
                "errors":[{"shape":"Missing"}]},
            "PutThing":{"name":"PutThing","input":{"shape":"PutIn"}}},
        "shapes":{
            "GetIn":{"type":"structure","members":{"Id":{"shape":"S"}}},
            "GetOut":{"type":"structure","members":{"Things":{"shape":"Things"}}},
            "Things":{"type":"list","member":{"shape":"Thing"}},
            "Thing":{"type":"structure","members":{"Tags":{"shape":"Tags"}}},
            "Tags":{"type":"map","key":{"shape":"S"},"value":{"shape":"N"}},
            "Missing":{"type":"structure","members":{},"exception":true},
            "PutIn":{"type":"structure","members":{"Blob":{"shape":"B"}}},
            "S":{"type":"string"},"N":{"type":"integer"},"B":{"type":"blob"}}}"#;
        let files = ModelFiles {
            service: SourceFile {
                path: "m/service-2.json".to_owned(),
                text: text.to_owned(),
            },
            paginators: None,
            waiters: None,
            endpoint_rules: None,
            partitions: None,
            service_shape: None,
        };
        load(&files).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn keeps_the_operations_named_and_every_shape_they_reach() {
        let mut models = models();
        trim(&mut models, &["GetThing".to_owned()]).unwrap();
        let ops: Vec<&str> = models
            .service
            .operations
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(ops, ["GetThing"]);
        let shapes: Vec<&str> = models.service.shapes.keys().map(String::as_str).collect();
        assert_eq!(
            shapes,
            ["GetIn", "GetOut", "Missing", "N", "S", "Tags", "Thing", "Things"]
        );
    }

    #[test]
    fn a_name_the_model_lacks_is_an_error_with_a_suggestion() {
        let mut models = models();
        let error = trim(&mut models, &["GetThng".to_owned()])
            .unwrap_err()
            .to_string();
        assert!(
            error
                .contains("`--operations` names `GetThng`, which is not an operation of the model"),
            "{error}"
        );
        assert!(error.contains("did you mean `GetThing`?"), "{error}");
        assert!(trim(&mut models, &[]).is_err());
    }
}
