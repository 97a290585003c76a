//! Fuzz target `extrinsic_decode`: see [`aether_fuzz::extrinsic_decode`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aether_fuzz::extrinsic_decode(data));
