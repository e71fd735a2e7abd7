#![no_main]
//! See tests/fuzz/checks.rs for what must hold.

#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::jd_import(data));
