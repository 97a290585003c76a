//! [`BackendKind`]: which entropy source a TSU reads, as named on the command line.

use crate::error::ParseBackendError;
use std::{fmt, path::PathBuf, str::FromStr};

/// Which entropy source a [`crate::Tsu`] reads. Parsed from and printed as `pbit`, `os` or
/// `file:PATH`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum BackendKind {
	/// The emulated thermodynamic sampling unit: a p-bit Ising network driven by OS noise.
	#[default]
	Pbit,
	/// The operating system's random bytes (`getrandom`), one 8-bit sample per byte.
	Os,
	/// Raw 8-bit samples replayed from a file; the TSU fails when the file ends.
	File(PathBuf),
}

impl fmt::Display for BackendKind {
	fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
		match self {
			BackendKind::Pbit => f.write_str("pbit"),
			BackendKind::Os => f.write_str("os"),
			BackendKind::File(path) => write!(f, "file:{}", path.display()),
		}
	}
}

impl FromStr for BackendKind {
	type Err = ParseBackendError;

	fn from_str(s: &str) -> Result<Self, Self::Err> {
		match s {
			"pbit" => Ok(BackendKind::Pbit),
			"os" => Ok(BackendKind::Os),
			_ => match s.strip_prefix("file:") {
				Some("") => Err(ParseBackendError::EmptyPath),
				Some(path) => Ok(BackendKind::File(PathBuf::from(path))),
				None => Err(ParseBackendError::Unknown(s.to_owned())),
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn parses_every_backend() {
		assert_eq!("pbit".parse(), Ok(BackendKind::Pbit));
		assert_eq!("os".parse(), Ok(BackendKind::Os));
		assert_eq!("file:/tmp/a:b.bin".parse(), Ok(BackendKind::File("/tmp/a:b.bin".into())));
		assert_eq!(BackendKind::default(), BackendKind::Pbit);
	}

	#[test]
	fn rejects_unknown_names_and_empty_paths() {
		assert_eq!("PBIT".parse::<BackendKind>(), Err(ParseBackendError::Unknown("PBIT".into())));
		assert_eq!("".parse::<BackendKind>(), Err(ParseBackendError::Unknown(String::new())));
		assert_eq!("file:".parse::<BackendKind>(), Err(ParseBackendError::EmptyPath));
	}

	#[test]
	fn display_round_trips() {
		for kind in [BackendKind::Pbit, BackendKind::Os, BackendKind::File("raw.bin".into())] {
			assert_eq!(kind.to_string().parse(), Ok(kind));
		}
	}
}
