//! Fuzz target `module_validation`: see [`aether_fuzz::module_validation`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aether_fuzz::module_validation(data));
