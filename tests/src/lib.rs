//! Shared helpers of the test suite live in the test binary; this library is empty.
