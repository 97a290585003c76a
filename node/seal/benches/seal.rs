//! Sealing a command input to one executor and opening it: the per-executor cost of a sealed
//! command (ML-KEM-768 encapsulation + secp256k1 ECDH + HKDF + ChaCha20-Poly1305, and back).
//!
//! `cargo bench -p aether-seal --bench seal`

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

fn seal_and_open(c: &mut Criterion) {
	let keys = aether_seal::SecretKeys::generate().expect("keys");
	let public = keys.public().clone();
	let context = aether_primitives::commands::input_context(7);
	let mut group = c.benchmark_group("sealed input, per executor");
	for len in [32usize, 1024, 4096] {
		let input = vec![0x5a; len];
		group.throughput(Throughput::Bytes(len as u64));
		group.bench_with_input(BenchmarkId::new("seal", len), &input, |b, input| {
			b.iter(|| aether_seal::seal(&public, input, &context).expect("seals"))
		});
		let sealed = aether_seal::seal(&public, &input, &context).expect("seals");
		group.bench_with_input(BenchmarkId::new("open", len), &sealed, |b, sealed| {
			b.iter(|| aether_seal::open(&keys, sealed, &context).expect("opens"))
		});
	}
	group.finish();
}

criterion_group!(benches, seal_and_open);
criterion_main!(benches);
