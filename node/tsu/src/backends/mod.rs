//! The entropy backends: one module each, all behind [`crate::EntropySource`].
//!
//! | backend | samples | claimed min-entropy | justification |
//! |---|---|---|---|
//! | [`pbit`] | 1 bit | 0.5 bits/sample | a proven lower bound of 0.52 for the model (per update, given everything before it), measured MCV ≈ 1.0 |
//! | [`os`] | 8 bits | 7 bits/sample | a CSPRNG's output; measured MCV ≈ 7.9 |
//! | [`file`](mod@file) | 8 bits | 1 bit/sample | unknown provenance: replay for tests and reproduction only |

pub mod file;
pub mod os;
pub mod pbit;

use crate::{error::Error, kind::BackendKind, source::EntropySource};

/// Opens the backend `kind` names.
pub fn open(kind: &BackendKind) -> Result<Box<dyn EntropySource>, Error> {
	let open_error = |reason: String| Error::Open { backend: kind.to_string(), reason };
	Ok(match kind {
		BackendKind::Pbit => {
			Box::new(pbit::PbitSource::new().map_err(|e| open_error(e.to_string()))?)
		},
		BackendKind::Os => Box::new(os::OsSource::new()),
		BackendKind::File(path) => {
			Box::new(file::FileSource::open(path).map_err(|e| open_error(e.to_string()))?)
		},
	})
}
