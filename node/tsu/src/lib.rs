//! # aether-tsu: TSU entropy behind SP 800-90B health tests and a SHA-256 conditioner
//!
//! Every Aether Chain authority runs one [`Tsu`]: a *thermodynamic sampling unit* backend whose
//! raw samples pass NIST SP 800-90B health tests and a vetted conditioner before any byte
//! reaches the entropy beacon.
//!
//! ```text
//! EntropySource ──raw samples──▶ health tests ──tested batch──▶ SHA-256 conditioner ──▶ fill()
//! (pbit | os | file | hardware)   (RCT, APT, periodicity,        (≥ 320 claimed bits
//!                                  MCV estimate)                  per 32-byte block)
//! ```
//!
//! ## Backends ([`BackendKind`], [`backends`])
//!
//! - `pbit` (default): an emulated TSU — an Ising network of 4096 p-bits on a 64 × 64 torus
//!   (coupling `J`, per-bit biases `h_i`, inverse temperature `β`), sampled by two-colour block
//!   Gibbs sweeps as in Extropic's `thrml`: p-bit `i` goes to +1 with probability
//!   `σ(2β(h_i + Σ_j J s_j))`, by table lookup and one comparison with a random byte. Raw
//!   samples are the p-bit readings after each sweep, one bit each. Claimed min-entropy 0.5
//!   bits/sample, below a proven per-update bound of 0.524.
//! - `os`: `getrandom` bytes, 8-bit samples, claimed 7 bits/sample.
//! - `file:PATH`: raw 8-bit samples replayed from a file, claimed 1 bit/sample; the end of the
//!   file is an error ([`HealthError::SourceExhausted`]), never a silent wrap-around.
//!
//! ## Honesty statement
//!
//! On this hardware the `pbit` backend is an *emulation*: the randomness of every p-bit update
//! comes from the operating system's noise (a ChaCha20 stream keyed from `getrandom` and
//! re-keyed every MiB), which the Ising dynamics shape but cannot add to. Its output is as
//! unpredictable as the OS's random source, no more; what the emulation provides is the
//! interface, the statistics and the failure modes of a TSU, so that a hardware TSU — whose
//! p-bits are driven by physical thermal noise — can implement [`EntropySource`] and plug into
//! the same health tests and conditioner unchanged.
//!
//! ## Health tests ([`health`])
//!
//! Run over every raw sample, with the cutoffs derived from the source's claimed min-entropy
//! `H` at a false-positive rate `α = 2^-40`:
//!
//! - **Repetition Count Test** (§4.4.1): fail on `1 + ⌈40/H⌉` identical samples in a row.
//! - **Adaptive Proportion Test** (§4.4.2): in windows of 1024 (1-bit) or 512 (8-bit) samples,
//!   fail when the first value occurs `1 + CRITBINOM(W, 2^-H, 1 − α)` times, computed exactly
//!   ([`health::critbinom`], tested against SP 800-90B Table 2).
//! - **Periodicity test** (developer-defined, §4.5): fail when, for some lag 1..=64, more
//!   samples of a window equal the one `lag` earlier than `Binomial(N, 2^-H)` allows (8-bit
//!   samples: also their first differences, which catches counters). Catches the periodic
//!   sources — a counter, an alternating bit stream — that pass the two standard tests.
//! - **Most Common Value estimate** (§6.3.1): a running min-entropy estimate over the latest
//!   2^20 samples, reported by [`Tsu::status`].
//! - **Start-up test** (§4.3): all tests over at least 1024 fresh samples (and a full window of
//!   each), discarded, before the first output and after every failure.
//!
//! A failure discards the failing batch, zeroes the caller's buffer, counts in
//! [`HealthStatus::health_failures`] and puts the TSU in its error state; the next call re-runs
//! the start-up test before producing again (see [`Tsu`]).
//!
//! ## Conditioner ([`conditioner`])
//!
//! SHA-256, SP 800-90B's vetted conditioner: each 32-byte output block is the hash of a
//! domain tag, a counter and a chunk of tested raw samples carrying at least 256 + 64 bits of
//! claimed min-entropy, so every output bit is claimed full-entropy. Raw bytes per 32-byte
//! block: 80 (`pbit`), 48 (`os`), 320 (`file`).
//!
//! ## Tools
//!
//! The `aether-tsu` binary dumps conditioned or raw bytes (`aether-tsu dump`) and measures
//! throughput (`aether-tsu bench`); `scripts/entropy-check.sh` runs `ent` and `dieharder` on
//! dumps of every backend.

#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod backends;
pub mod conditioner;
mod error;
pub mod health;
mod kind;
mod source;
mod status;
mod tsu;

pub use error::{Error, HealthError, ParseBackendError, Series};
pub use kind::BackendKind;
pub use source::{EntropySource, SampleFormat, SourceError};
pub use status::{HealthState, HealthStatus};
pub use tsu::{Tsu, MIN_CLAIMED_MIN_ENTROPY};
