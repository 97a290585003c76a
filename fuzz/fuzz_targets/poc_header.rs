//! Fuzz target `poc_header`: see [`aether_fuzz::poc_header`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aether_fuzz::poc_header(data));
