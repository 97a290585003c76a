//! Fuzz target `groth16_parse`: see [`aether_fuzz::groth16_parse`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aether_fuzz::groth16_parse(data));
