//! Fuzz target `sealed_envelope`: see [`aether_fuzz::sealed_envelope`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aether_fuzz::sealed_envelope(data));
