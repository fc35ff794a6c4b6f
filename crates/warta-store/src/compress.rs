//! Raw pages and analyses are kept deflated: pages shrink to about a fifth,
//! and a fast level keeps the cost small next to the analysis itself.

use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use std::io::{Read, Write};

pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = DeflateEncoder::new(Vec::with_capacity(bytes.len() / 4), Compression::fast());
    // Writing into a Vec cannot fail.
    encoder.write_all(bytes).expect("deflate into memory");
    encoder.finish().expect("deflate into memory")
}

pub fn inflate(bytes: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(bytes.len() * 4);
    DeflateDecoder::new(bytes).read_to_end(&mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn round_trip(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
            prop_assert_eq!(inflate(&deflate(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn garbage_is_an_error_not_a_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
            let _ = inflate(&bytes);
        }
    }
}
