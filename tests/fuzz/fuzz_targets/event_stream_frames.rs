//! The event stream decoder (prelude and message CRCs, lengths, typed headers, chunk boundaries) and reading its messages as typed events, on arbitrary bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_targets::event_stream(data);
});
