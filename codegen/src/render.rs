//! Renders emitted files: tokens through prettyplease, a `@generated` header on every file
//! (a `//` comment in Rust, a `#` comment in TOML).

use crate::diag::{Diagnostic, Diagnostics};
use crate::emit::{EmittedFile, FileContent};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// Renders every file; a token stream that is not valid Rust is a generator bug, reported as
/// an internal error naming the file.
pub fn render(
    files: Vec<EmittedFile>,
    header: &str,
) -> Result<BTreeMap<PathBuf, String>, Diagnostics> {
    let mut out = BTreeMap::new();
    let mut problems = Diagnostics::default();
    for file in files {
        let text = match file.content {
            FileContent::Rust(tokens) => match syn::parse2::<syn::File>(tokens) {
                Ok(ast) => format!("// {header}\n\n{}", prettyplease::unparse(&ast)),
                Err(err) => {
                    problems.push(Diagnostic::error(
                        &file.path.display().to_string(),
                        "",
                        format!("internal error: the generator emitted invalid Rust: {err}"),
                    ));
                    continue;
                }
            },
            FileContent::RustVerbatim(source) => format!("// {header}\n\n{source}"),
            FileContent::Text(text) => format!("# {header}\n\n{text}"),
            FileContent::Markdown(text) => format!("<!-- {header} -->\n\n{text}"),
        };
        out.insert(file.path, text);
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(out)
}
