//! What the fuzz targets share: turning fuzzer bytes into an HTTP response and reading it as an operation would.

use aws_codegen_runtime::client::operation::Operation;
use aws_codegen_runtime::client::response::read_response;
use aws_codegen_runtime::http::transport::HttpResponse;
use aws_codegen_runtime::wire::body::Codec;

/// Status codes a response is given, picked by the input's second byte: mostly success,
/// then the client and server errors the protocols define, then odd ones.
const STATUSES: [u16; 12] = [200, 200, 200, 201, 204, 400, 400, 403, 404, 409, 500, 503];

/// Error codes a response may name in `X-Amzn-ErrorType`, picked by the third byte.
const ERROR_CODES: [&str; 6] = [
    "ClientException",
    "EntityDoesNotExistException",
    "ServiceException",
    "aws.protocoltests#InvalidGreeting:http://internal.example.com/coral/",
    "ThrottlingException",
    "",
];

/// A response from fuzzer bytes: `[status, flags, header value length, header value...,
/// body...]`. The flags pick a content type, an `X-Amzn-ErrorType`, the rpcv2Cbor
/// `Smithy-Protocol` header, and whether one arbitrary header is added.
pub fn response(data: &[u8]) -> HttpResponse {
    let byte = |i: usize| data.get(i).copied().unwrap_or(0);
    let status = STATUSES[usize::from(byte(0)) % STATUSES.len()];
    let flags = byte(1);
    let start = data.len().min(3);
    let end = (start + usize::from(byte(2) % 32)).min(data.len());
    let value = String::from_utf8_lossy(&data[start..end]).into_owned();
    let body = data[end..].to_vec();
    let mut headers: Vec<(&str, String)> = vec![("x-amzn-RequestId", "fuzz".to_owned())];
    if flags & 1 != 0 {
        headers.push(("Content-Type", "application/x-amz-json-1.1".to_owned()));
    }
    if flags & 2 != 0 {
        let code = ERROR_CODES[usize::from(flags >> 4) % ERROR_CODES.len()];
        headers.push(("X-Amzn-ErrorType", code.to_owned()));
    }
    if flags & 4 != 0 {
        headers.push(("Smithy-Protocol", "rpc-v2-cbor".to_owned()));
    }
    if flags & 8 != 0 {
        // A header a REST output or error binds (a string, a prefix map, a long, an
        // integer, the content type) gets arbitrary text: the rest-sink fixture's names.
        let names = [
            "ETag",
            "x-label-a",
            "x-version",
            "Retry-After",
            "Content-Type",
        ];
        headers.push((names[usize::from(flags >> 4) % names.len()], value.clone()));
    }
    let borrowed: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
    HttpResponse::new(status, &borrowed, body)
}

/// Reads `response` as operation `O` would with `codec`; the error's text is rendered too,
/// since a message is part of what a caller sees. Any panic is the finding.
pub fn read_as<O: Operation>(response: &HttpResponse, codec: Codec) {
    let read_output = match codec {
        Codec::Json => O::read_output,
        Codec::Cbor => aws_codegen_runtime::wire::cbor::read::<O::Output>,
        Codec::Xml => aws_codegen_runtime::client::invoke::read_query_output::<O>,
    };
    if let Err(error) = read_response::<O::Output, O::Error>(O::NAME, response, read_output, codec)
    {
        let _ = error.to_string();
    }
}

/// Calls `read_as` for the ds operation that `index` picks.
macro_rules! ds_dispatch {
    ($(($input:ident, $output:ident)),* $(,)?) => {
        /// Every ds operation's reader, in the list's order.
        const DS_READERS: &[fn(&HttpResponse, Codec)] =
            &[$(read_as::<directory_service::types::$input>),*];
    };
}
tests::with_ds_operations!(ds_dispatch);

/// Reads fuzzer bytes as a response to the ds operation their first byte picks.
pub fn ds_response(data: &[u8], codec: Codec) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let reader = DS_READERS[usize::from(pick) % DS_READERS.len()];
    reader(&response(rest), codec);
}

/// The query operations the XML target reads responses of: EC2's (ec2Query, its output the
/// root element) and IAM's (awsQuery, the output in `<{Operation}Result>`), with lists,
/// flattened and wrapped, maps, timestamps, numbers, booleans and modeled errors.
const QUERY_READERS: &[fn(&HttpResponse, Codec)] = &[
    read_as::<aws_ec2::types::DescribeInstancesRequest>,
    read_as::<aws_ec2::types::RunInstancesRequest>,
    read_as::<aws_ec2::types::DescribeKeyPairsRequest>,
    read_as::<aws_ec2::types::DescribeTagsRequest>,
    read_as::<aws_iam::types::GetGroupRequest>,
    read_as::<aws_iam::types::ListPoliciesRequest>,
    read_as::<aws_iam::types::CreateUserRequest>,
    read_as::<aws_iam::types::ListUserTagsRequest>,
];

/// Reads fuzzer bytes as an XML response to the query operation their first byte picks.
pub fn query_response(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let reader = QUERY_READERS[usize::from(pick) % QUERY_READERS.len()];
    reader(&response(rest), Codec::Xml);
}

/// Reads fuzzer bytes as a response to the rest-sink fixture operation their first byte
/// picks: a JSON body, a blob payload, header, prefix-header and status-code bindings.
pub fn rest_response(data: &[u8]) {
    use rest_sink_fixture::types as t;
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let response = response(rest);
    match pick % 4 {
        0 => read_as::<t::GetWidgetRequest>(&response, Codec::Json),
        1 => read_as::<t::ListWidgetsRequest>(&response, Codec::Json),
        2 => read_as::<t::PutWidgetDataRequest>(&response, Codec::Json),
        _ => read_as::<t::GetWidgetDataRequest>(&response, Codec::Json),
    }
}

/// Resolves endpoint rules for parameters from fuzzer bytes: flags, then a region, an
/// endpoint URL and a bucket separated by zero bytes. Flag 16 picks S3's rules (the
/// largest, with ARNs, bucket names and URL parsing: the bucket and S3's settings from the
/// other flags), else ds's.
pub fn endpoint(data: &[u8]) {
    use directory_service::endpoint::{resolve, EndpointParams};
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let mut fields = text.split('\0');
    let (region, endpoint, bucket) = (
        fields.next().unwrap_or_default(),
        fields.next().unwrap_or_default(),
        fields.next().unwrap_or_default(),
    );
    let params = EndpointParams {
        region: (flags & 1 != 0).then(|| region.to_owned()),
        use_fips: flags & 2 != 0,
        use_dual_stack: flags & 4 != 0,
        endpoint: (flags & 8 != 0).then(|| endpoint.to_owned()),
        ..EndpointParams::default()
    };
    let resolved = if flags & 16 == 0 {
        resolve(&params)
    } else {
        aws_s3::endpoint::resolve(
            &params
                .with("Bucket", bucket)
                .with("AWS::S3::ForcePathStyle", flags & 32 != 0)
                .with("AWS::S3::Accelerate", flags & 64 != 0)
                .with("AWS::S3::UseArnRegion", flags & 128 != 0),
        )
    };
    if let Err(error) = resolved {
        let _ = error.0.len();
    }
}

/// Parses fuzzer bytes as a shared config or credentials file.
pub fn profile(data: &[u8]) {
    use aws_codegen_config::profile::{chain, parse};
    let text = String::from_utf8_lossy(data);
    let _ = aws_codegen_runtime::config::credentials::parse_profile_file(&text);
    // The credentials chain's parser, both kinds of file, and the chain of every profile.
    for kind in [parse::FileKind::Config, parse::FileKind::Credentials] {
        if let Ok(sections) = parse::parse(&text, kind) {
            for name in sections.profiles.keys() {
                let _ = chain::resolve(&sections, name);
            }
        }
    }
}

/// Decodes fuzzer bytes as an event stream arriving in chunks of the size the first byte
/// gives: every message decoded must encode back and decode the same, and reads as an event
/// of the kitchen-sink's stream (its document JSON, then CBOR), or an error, without a panic.
pub fn event_stream(data: &[u8]) {
    use aws_codegen_runtime::client::events::event_of;
    use aws_codegen_runtime::wire::body::Codec;
    use aws_codegen_runtime::wire::eventstream::decoder::Decoder;
    use aws_codegen_runtime::wire::eventstream::frame::{decode_message, encode_message};
    let Some((&size, rest)) = data.split_first() else {
        return;
    };
    let mut decoder = Decoder::new();
    for chunk in rest.chunks(usize::from(size).max(1)) {
        decoder.push(chunk);
        loop {
            match decoder.next_message() {
                Ok(Some(message)) => {
                    let bytes = encode_message(&message).expect("a decoded message encodes");
                    assert_eq!(decode_message(&bytes).as_ref(), Ok(&message));
                    for codec in [Codec::Json, Codec::Cbor] {
                        let _ =
                            event_of::<kitchen_sink_fixture::types::ThingChanges>(&message, codec);
                    }
                }
                Ok(None) => break,
                Err(_) => return,
            }
        }
    }
    let _ = decoder.finish();
}
