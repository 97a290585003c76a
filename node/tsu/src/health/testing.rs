//! Helpers for the health-test unit tests.

/// Packs 0/1 samples eight to a byte, least-significant bit first.
pub(crate) fn pack_bits(bits: &[u8]) -> Vec<u8> {
	bits.chunks(8)
		.map(|c| c.iter().enumerate().fold(0u8, |acc, (i, &b)| acc | ((b & 1) << i)))
		.collect()
}

/// Little-endian 64-bit words of a byte buffer whose length is a multiple of 8.
pub(crate) fn words_of(bytes: &[u8]) -> Vec<u64> {
	assert_eq!(bytes.len() % 8, 0);
	bytes
		.chunks_exact(8)
		.map(|c| u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]))
		.collect()
}

/// Unpacks LSB-first packed bits into 0/1 samples.
pub(crate) fn unpack_bits(bytes: &[u8]) -> Vec<u8> {
	bytes.iter().flat_map(|&b| (0..8).map(move |i| (b >> i) & 1)).collect()
}
