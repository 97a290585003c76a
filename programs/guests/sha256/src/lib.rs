//! `sha256`: writes the 32-byte SHA-256 of its input, of any length. Streams the input in 4 KiB
//! chunks, so it needs no allocator and its memory does not grow with the input.

#![no_std]

use sha2::{Digest, Sha256};

/// The entry point.
#[no_mangle]
pub extern "C" fn run() {
	let mut hasher = Sha256::new();
	let mut buf = [0u8; 4096];
	let len = aether_guest::input_len();
	let mut offset = 0;
	while offset < len {
		let n = aether_guest::read_input(&mut buf, offset);
		if n == 0 {
			aether_guest::trap();
		}
		hasher.update(&buf[..n]);
		offset += n;
	}
	aether_guest::write_output(&hasher.finalize());
}
