//! Generates the weather service's client as the module `weather`, into `OUT_DIR`.

fn main() {
    let written = aws_codegen::Builder::new("../../tests/fixtures/weather/model.json")
        .module("weather")
        .features(["client", "test-util"])
        .generate()
        .unwrap_or_else(|failure| panic!("{failure}"));
    // The runtime features this crate enables in Cargo.toml must cover what the module needs.
    let enabled = ["client", "blob", "test-util"];
    for feature in &written.runtime_features {
        assert!(
            enabled.contains(&feature.as_str()),
            "enable the runtime's `{feature}` feature in Cargo.toml"
        );
    }
}
