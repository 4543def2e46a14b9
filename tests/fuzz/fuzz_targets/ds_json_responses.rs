//! Every ds operation's response reader (outputs and errors) on arbitrary JSON bodies, statuses and headers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_targets::ds_response(data, aws_codegen_runtime::wire::body::Codec::Json);
});
