//! A crate that generates a client in its build script: `build.rs` writes the weather
//! service's module into `OUT_DIR`, and this file includes it as `pub mod weather`.

include!(concat!(env!("OUT_DIR"), "/weather.rs"));

/// The names of every city, across all pages.
pub async fn city_names(
    client: &weather::Client,
) -> Result<Vec<String>, weather::error::SdkError<weather::error::ListCitiesError>> {
    let mut names = Vec::new();
    let mut items = client.list_cities().into_paginator().items();
    while let Some(city) = items.next().await {
        names.push(city?.name);
    }
    Ok(names)
}
