//! Conditioned output throughput of the `pbit` and `os` backends, one thread each, in one run;
//! plus `pbit` driven by `getrandom` for every uniform instead of OS-keyed ChaCha20, the
//! measurement behind the default (see the `pbit` module docs).
//!
//! `cargo bench -p aether-tsu`; the target is ≥ 10 MiB/s for `pbit`.

use aether_tsu::{
	backends::pbit::{PbitConfig, PbitSource, UniformSource},
	BackendKind, Tsu,
};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::{hint::black_box, time::Duration};

/// Bytes per measured `fill` call.
const BYTES: usize = 1 << 20;

fn tsus() -> Vec<(String, Tsu)> {
	let start = |kind: BackendKind| match Tsu::new(kind.clone()) {
		Ok(tsu) => (kind.to_string(), tsu),
		Err(e) => panic!("{kind} did not start: {e}"),
	};
	let os_uniforms = PbitConfig { uniforms: UniformSource::Os, ..PbitConfig::default() };
	let pbit_os = PbitSource::with_config(os_uniforms)
		.map_err(|e| e.to_string())
		.and_then(|source| Tsu::with_source(Box::new(source)).map_err(|e| e.to_string()));
	let pbit_os = match pbit_os {
		Ok(tsu) => ("pbit-getrandom-uniforms".to_owned(), tsu),
		Err(e) => panic!("pbit with getrandom uniforms did not start: {e}"),
	};
	vec![start(BackendKind::Pbit), start(BackendKind::Os), pbit_os]
}

fn conditioned_output(c: &mut Criterion) {
	let mut group = c.benchmark_group("conditioned_output");
	group.throughput(Throughput::Bytes(BYTES as u64));
	group.sample_size(20).measurement_time(Duration::from_secs(10));
	let mut buf = vec![0u8; BYTES];
	for (name, tsu) in tsus() {
		group.bench_function(&name, |b| {
			b.iter(|| {
				if let Err(e) = tsu.fill(black_box(&mut buf)) {
					panic!("{name}: {e}");
				}
			})
		});
	}
	group.finish();
}

criterion_group!(benches, conditioned_output);
criterion_main!(benches);
