//! Fuzz target `poc_digest`: see [`aether_fuzz::poc_digest`].
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| aether_fuzz::poc_digest(data));
