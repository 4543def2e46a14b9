//! The runtime's idempotency tokens: version 4 UUIDs, each different, fixed per thread for tests.

use aws_codegen_runtime::value::token::{fix_on_this_thread, idempotency_token};

#[test]
fn tokens_are_version_4_uuids_and_differ() {
    let tokens: std::collections::HashSet<String> =
        (0..1000).map(|_| idempotency_token()).collect();
    assert_eq!(tokens.len(), 1000);
    for token in &tokens {
        let parts: Vec<&str> = token.split('-').collect();
        assert_eq!(
            parts.iter().map(|p| p.len()).collect::<Vec<_>>(),
            [8, 4, 4, 4, 12],
            "{token}"
        );
        assert!(parts[2].starts_with('4'), "{token}");
        assert!(matches!(&parts[3][..1], "8" | "9" | "a" | "b"), "{token}");
    }
    fix_on_this_thread(Some("fixed"));
    assert_eq!(idempotency_token(), "fixed");
    fix_on_this_thread(None);
    assert_ne!(idempotency_token(), idempotency_token());
}
