//! Every ds operation's response reader over rpcv2Cbor on arbitrary CBOR bodies, statuses and headers.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_targets::ds_response(data, aws_codegen_runtime::wire::body::Codec::Cbor);
});
