//! The rest-json response readers (JSON bodies, payloads, header and status-code bindings) of the rest-sink fixture on arbitrary responses.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_targets::rest_response(data);
});
