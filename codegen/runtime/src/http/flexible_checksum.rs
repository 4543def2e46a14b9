//! Flexible checksums (the `httpChecksum` trait): CRC32, CRC32C, CRC64NVME, SHA-1 and SHA-256 of a body, sent in `x-amz-checksum-*` headers and checked against the one a response carries.

use base64::Engine as _;
use ring::digest;

/// What an operation's `httpChecksum` asks of a call, as its generated code gives it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FlexibleChecksum {
    /// The algorithm the input names for the request's checksum, if it names one.
    pub algorithm: Option<String>,
    /// The header the input's algorithm member is bound to
    /// (`x-amz-sdk-checksum-algorithm`), which names the default when the client picks it.
    pub algorithm_header: Option<&'static str>,
    /// Whether every request carries a checksum.
    pub required: bool,
    /// Whether the input asks for the response's checksum to be checked.
    pub validation_requested: bool,
    /// The header the input's validation member is bound to (`x-amz-checksum-mode`).
    pub validation_header: Option<&'static str>,
    /// The algorithms a response's checksum may be in.
    pub response_algorithms: &'static [&'static str],
    /// Set by the call path: whether the response's checksum is checked.
    pub validate_response: bool,
}

/// A checksum algorithm of the `httpChecksum` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChecksumAlgorithm {
    /// CRC-32 (ISO-HDLC), the SDKs' default.
    Crc32,
    /// CRC-32C (Castagnoli).
    Crc32c,
    /// CRC-64/NVME.
    Crc64Nvme,
    /// SHA-1.
    Sha1,
    /// SHA-256.
    Sha256,
}

/// The algorithms a response's checksum is looked for in, in the order the SDKs prefer them.
pub const PRIORITY: [ChecksumAlgorithm; 5] = [
    ChecksumAlgorithm::Crc64Nvme,
    ChecksumAlgorithm::Crc32c,
    ChecksumAlgorithm::Crc32,
    ChecksumAlgorithm::Sha1,
    ChecksumAlgorithm::Sha256,
];

/// CRC-64/NVME's parameters (the CRC catalogue's; check value `0xae8b14860a799888`).
const CRC_64_NVME: crc::Algorithm<u64> = crc::Algorithm {
    width: 64,
    poly: 0xad93_d235_94c9_3659,
    init: 0xffff_ffff_ffff_ffff,
    refin: true,
    refout: true,
    xorout: 0xffff_ffff_ffff_ffff,
    check: 0xae8b_1486_0a79_9888,
    residue: 0xf310_303b_2b6f_6e42,
};

static CRC32C: crc::Crc<u32, crc::Table<16>> =
    crc::Crc::<u32, crc::Table<16>>::new(&crc::CRC_32_ISCSI);
static CRC64NVME: crc::Crc<u64, crc::Table<16>> =
    crc::Crc::<u64, crc::Table<16>>::new(&CRC_64_NVME);

impl ChecksumAlgorithm {
    /// The algorithm a model or an input names (`CRC32`, `crc64nvme`), in any case.
    pub fn from_name(name: &str) -> Option<Self> {
        [
            ChecksumAlgorithm::Crc32,
            ChecksumAlgorithm::Crc32c,
            ChecksumAlgorithm::Crc64Nvme,
            ChecksumAlgorithm::Sha1,
            ChecksumAlgorithm::Sha256,
        ]
        .into_iter()
        .find(|a| a.name().eq_ignore_ascii_case(name))
    }

    /// The name the models give it: `CRC32`, `CRC32C`, `CRC64NVME`, `SHA1`, `SHA256`.
    pub fn name(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "CRC32",
            ChecksumAlgorithm::Crc32c => "CRC32C",
            ChecksumAlgorithm::Crc64Nvme => "CRC64NVME",
            ChecksumAlgorithm::Sha1 => "SHA1",
            ChecksumAlgorithm::Sha256 => "SHA256",
        }
    }

    /// The header that carries it: `x-amz-checksum-crc32`, ...
    pub fn header(self) -> &'static str {
        match self {
            ChecksumAlgorithm::Crc32 => "x-amz-checksum-crc32",
            ChecksumAlgorithm::Crc32c => "x-amz-checksum-crc32c",
            ChecksumAlgorithm::Crc64Nvme => "x-amz-checksum-crc64nvme",
            ChecksumAlgorithm::Sha1 => "x-amz-checksum-sha1",
            ChecksumAlgorithm::Sha256 => "x-amz-checksum-sha256",
        }
    }

    /// A hasher to feed a body to, chunk by chunk.
    pub fn hasher(self) -> ChecksumHasher {
        ChecksumHasher(match self {
            ChecksumAlgorithm::Crc32 => State::Crc32(crc32fast::Hasher::new()),
            ChecksumAlgorithm::Crc32c => State::Crc32c(CRC32C.digest()),
            ChecksumAlgorithm::Crc64Nvme => State::Crc64(CRC64NVME.digest()),
            ChecksumAlgorithm::Sha1 => State::Digest(Box::new(digest::Context::new(
                &digest::SHA1_FOR_LEGACY_USE_ONLY,
            ))),
            ChecksumAlgorithm::Sha256 => {
                State::Digest(Box::new(digest::Context::new(&digest::SHA256)))
            }
        })
    }

    /// The checksum of `bytes`, as the header carries it (base64 of the big-endian value
    /// or the digest).
    pub fn checksum(self, bytes: &[u8]) -> String {
        let mut hasher = self.hasher();
        hasher.update(bytes);
        hasher.finish()
    }
}

/// A checksum being computed.
pub struct ChecksumHasher(State);

enum State {
    Crc32(crc32fast::Hasher),
    Crc32c(crc::Digest<'static, u32, crc::Table<16>>),
    Crc64(crc::Digest<'static, u64, crc::Table<16>>),
    // Boxed: a digest's state is ten times a CRC's.
    Digest(Box<digest::Context>),
}

impl std::fmt::Debug for ChecksumHasher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("ChecksumHasher")
    }
}

impl ChecksumHasher {
    /// Feeds the next bytes.
    pub fn update(&mut self, bytes: &[u8]) {
        match &mut self.0 {
            State::Crc32(hasher) => hasher.update(bytes),
            State::Crc32c(hasher) => hasher.update(bytes),
            State::Crc64(hasher) => hasher.update(bytes),
            State::Digest(context) => context.update(bytes),
        }
    }

    /// The checksum of everything fed, in base64.
    pub fn finish(self) -> String {
        let engine = base64::engine::general_purpose::STANDARD;
        match self.0 {
            State::Crc32(hasher) => engine.encode(hasher.finalize().to_be_bytes()),
            State::Crc32c(hasher) => engine.encode(hasher.finalize().to_be_bytes()),
            State::Crc64(hasher) => engine.encode(hasher.finalize().to_be_bytes()),
            State::Digest(context) => engine.encode(context.finish()),
        }
    }
}

/// The checksum a response carries that can be checked: of `algorithms` (the operation's
/// response algorithms), the first in [`PRIORITY`] order whose header the response has,
/// with its value. A multipart object's composite checksum (`...-3`) is of its parts, not
/// of the body, and is passed over.
pub fn response_checksum(
    headers: &[(String, String)],
    algorithms: &[&str],
) -> Option<(ChecksumAlgorithm, String)> {
    PRIORITY
        .into_iter()
        .filter(|a| {
            algorithms
                .iter()
                .any(|name| a.name().eq_ignore_ascii_case(name))
        })
        .find_map(|a| {
            let value = headers
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(a.header()))?
                .1
                .trim();
            (!value.contains('-')).then(|| (a, value.to_owned()))
        })
}

/// Why a body's checksum is not the one its response announced, if it is not.
pub fn mismatch(algorithm: ChecksumAlgorithm, expected: &str, computed: &str) -> Option<String> {
    (expected != computed).then(|| {
        format!(
            "the body's {} checksum is {computed}, not the {expected} its `{}` header says: the body was corrupted on the way",
            algorithm.name(),
            algorithm.header()
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(algorithm: ChecksumAlgorithm, bytes: &[u8]) -> String {
        let raw = base64::engine::general_purpose::STANDARD
            .decode(algorithm.checksum(bytes))
            .unwrap();
        raw.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn each_algorithm_gives_its_catalogued_check_value() {
        // The check value of each CRC (its checksum of "123456789") as the CRC catalogue
        // lists it, and FIPS 180's digests of "abc".
        assert_eq!(hex(ChecksumAlgorithm::Crc32, b"123456789"), "cbf43926");
        assert_eq!(hex(ChecksumAlgorithm::Crc32c, b"123456789"), "e3069283");
        assert_eq!(
            hex(ChecksumAlgorithm::Crc64Nvme, b"123456789"),
            "ae8b14860a799888"
        );
        assert_eq!(
            hex(ChecksumAlgorithm::Sha1, b"abc"),
            "a9993e364706816aba3e25717850c26c9cd0d89d"
        );
        assert_eq!(
            hex(ChecksumAlgorithm::Sha256, b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn chunks_give_the_whole_bodys_checksum() {
        let body: Vec<u8> = (0..100_000u32).map(|i| (i * 7 % 251) as u8).collect();
        for algorithm in PRIORITY {
            let mut hasher = algorithm.hasher();
            for chunk in body.chunks(4097) {
                hasher.update(chunk);
            }
            assert_eq!(hasher.finish(), algorithm.checksum(&body), "{algorithm:?}");
        }
    }

    #[test]
    fn the_preferred_checkable_checksum_is_chosen() {
        let headers = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
                .collect()
        };
        let all = ["CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"];
        let got = response_checksum(
            &headers(&[
                ("x-amz-checksum-sha256", "a"),
                ("X-Amz-Checksum-Crc32", "b"),
            ]),
            &all,
        );
        assert_eq!(got, Some((ChecksumAlgorithm::Crc32, "b".to_owned())));
        // A composite checksum is passed over; an algorithm the operation does not list too.
        let got = response_checksum(
            &headers(&[
                ("x-amz-checksum-crc32", "AAAAAA==-3"),
                ("x-amz-checksum-sha1", "c"),
            ]),
            &["CRC32", "SHA1"],
        );
        assert_eq!(got, Some((ChecksumAlgorithm::Sha1, "c".to_owned())));
        assert_eq!(
            response_checksum(&headers(&[("x-amz-checksum-sha1", "c")]), &["CRC32"]),
            None
        );
        assert_eq!(
            ChecksumAlgorithm::from_name("crc64nvme"),
            Some(ChecksumAlgorithm::Crc64Nvme)
        );
        assert_eq!(ChecksumAlgorithm::from_name("MD5"), None);
    }
}
