//! The endpoint-rules engine, with the ds rule set, on arbitrary regions, endpoints and flags.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_targets::endpoint(data);
});
