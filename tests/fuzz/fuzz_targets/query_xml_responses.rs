//! The XML response readers of the query protocols (EC2's ec2Query, IAM's awsQuery: outputs, lists, maps, timestamps, error shapes) on arbitrary responses.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_targets::query_response(data);
});
