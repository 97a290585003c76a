//! Times decoding a proving key and one proof: `cargo run -p aether-circuits --example prove_time -- programs/out/keys`.
fn main() {
	let dir = std::env::args().nth(1).unwrap_or_else(|| "programs/out/keys".into());
	let kind = aether_circuits::CircuitKind::PoseidonPreimage;
	let pk = std::fs::read(format!("{dir}/{}.pk", kind.name())).expect("key");
	let input = [7u8; 32];
	for round in 0..2 {
		let t = std::time::Instant::now();
		let (proof, output) = aether_circuits::prove(kind, &pk, &input).expect("proves");
		println!(
			"round {round}: {:?}, proof {} bytes, output {} bytes",
			t.elapsed(),
			proof.len(),
			output.len()
		);
	}
}
