//! `aether program …`, `aether run …`, `aether command show`, `aether executor …`: WASM programs
//! and the commands that run them.

use crate::client::{self, Client};
use aether_primitives::commands::{
	input_context, output_context, sha256, Check, CommandState, CommandView, ExecutorView,
	ExitStatus, ProgramLimits,
};
use aether_runtime::{
	pallet_commands, pallet_zk_verifier, AccountId, Balance, BlockNumber, Runtime, RuntimeCall,
	RuntimeEvent,
};
use codec::Encode;
use polkadot_sdk::sp_core::{crypto::Ss58Codec, sr25519};
use std::{
	io::Write,
	path::PathBuf,
	time::{Duration, Instant},
};

type Error = Box<dyn std::error::Error>;

/// Registers the Groth16 verifying key in file `path` with pallet-zk-verifier; returns its id.
pub fn register_key(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	path: &std::path::Path,
) -> Result<u64, Error> {
	let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
	let call = RuntimeCall::ZkVerifier(pallet_zk_verifier::Call::register_key {
		vk: bytes.try_into().map_err(|_| "verifying key longer than the chain accepts")?,
	});
	let included = client.submit(call, signer, timeout)?;
	let id = included.events.iter().find_map(|e| match e {
		RuntimeEvent::ZkVerifier(pallet_zk_verifier::Event::KeyRegistered { id, .. }) => Some(*id),
		_ => None,
	});
	let id = id.ok_or("the chain did not report the key's id")?;
	println!("verifying key {id} registered in block #{}", included.number);
	Ok(id)
}

/// `program register`: registers a verifying key first when `vk` is given.
pub fn register(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	wasm: PathBuf,
	vk: Option<PathBuf>,
	limits: ProgramLimits,
) -> Result<(), Error> {
	let module = std::fs::read(&wasm).map_err(|e| format!("{}: {e}", wasm.display()))?;
	let vk_id = match vk {
		None => None,
		Some(path) => Some(register_key(client, signer, timeout, &path)?),
	};
	let call = RuntimeCall::Commands(pallet_commands::Call::register_program {
		wasm: module.try_into().map_err(|_| "module larger than the chain accepts")?,
		limits,
		vk: vk_id,
	});
	let included = client.submit(call, signer, timeout)?;
	for event in &included.events {
		if let RuntimeEvent::Commands(pallet_commands::Event::ProgramRegistered {
			program,
			code_hash,
			len,
			deposit,
			..
		}) = event
		{
			println!("program {program} registered in block #{}", included.number);
			println!("  module:  {len} bytes, sha256 {}", client::hex(code_hash));
			println!("  deposit: {}", crate::aeth(*deposit));
			match vk_id {
				Some(vk) => println!("  checked: by Groth16 proof against key {vk}"),
				None => println!("  checked: by executor quorum"),
			}
		}
	}
	Ok(())
}

/// `program show`.
pub fn show_program(client: &Client, id: u64) -> Result<(), Error> {
	let key = pallet_commands::Programs::<Runtime>::hashed_key_for(id);
	let info = client
		.storage_as::<pallet_commands::ProgramOf<Runtime>>(&key)?
		.ok_or_else(|| format!("no program {id}"))?;
	println!("program {id}");
	println!("  owner:    {}", info.owner.to_ss58check());
	println!("  module:   {} bytes, sha256 {}", info.len, client::hex(&info.code_hash));
	println!(
		"  limits:   {} pages of memory, {} bytes of output",
		info.limits.max_memory_pages, info.limits.max_output
	);
	match info.vk {
		Some(vk) => println!("  checked:  by Groth16 proof against key {vk}"),
		None => println!("  checked:  by executor quorum"),
	}
	println!("  open commands: {}", info.open_commands);
	Ok(())
}

/// What `run` was asked to do.
pub struct RunRequest {
	/// The program.
	pub program: u64,
	/// The input bytes.
	pub input: Vec<u8>,
	/// Seal the input to the executors and the output back to us.
	pub sealed: bool,
	/// Executors to run it.
	pub redundancy: u32,
	/// Fuel limit.
	pub fuel: u64,
	/// Fee.
	pub fee: Balance,
}

/// `run`: submit, (seal,) wait with a progress line, print the result.
pub fn run(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	request: RunRequest,
) -> Result<(), Error> {
	let commitment = sha256(&request.input);
	let reply_keys = if request.sealed { Some(aether_seal::SecretKeys::generate()?) } else { None };
	let input = match &reply_keys {
		None => pallet_commands::CommandInput::Plain(
			request.input.clone().try_into().map_err(|_| "input longer than the chain accepts")?,
		),
		Some(keys) => pallet_commands::CommandInput::Sealed {
			commitment,
			reply_to: Some(
				keys.public()
					.to_bytes()
					.try_into()
					.map_err(|_| "sealing keys of the wrong size")?,
			),
		},
	};
	let call = RuntimeCall::Commands(pallet_commands::Call::submit_command {
		program: request.program,
		input,
		fuel_limit: request.fuel,
		fee: request.fee,
		redundancy: request.redundancy,
	});
	let included = client.submit(call, signer, timeout)?;
	let (id, executors) = included
		.events
		.iter()
		.find_map(|e| match e {
			RuntimeEvent::Commands(pallet_commands::Event::CommandSubmitted {
				command,
				executors,
				..
			}) => Some((*command, executors.clone())),
			_ => None,
		})
		.ok_or("the chain did not report the command")?;
	println!(
		"command {id} in block #{}; executors: {}",
		included.number,
		executors.iter().map(|e| short(e)).collect::<Vec<_>>().join(", ")
	);
	let mut inclusion = included.number;
	if request.sealed {
		let mut envelopes = Vec::new();
		for executor in &executors {
			let view: Option<ExecutorView<Balance>> =
				client.runtime_call("CommandsApi_executor", &executor.encode())?;
			let view = view.ok_or_else(|| format!("executor {} is gone", short(executor)))?;
			let keys = aether_seal::PublicKeys::from_bytes(&view.seal_key)?;
			let sealed = aether_seal::seal(&keys, &request.input, &input_context(id))?;
			envelopes.push(
				pallet_commands::SealedOf::<Runtime>::try_from(sealed)
					.map_err(|_| "sealed input longer than the chain accepts")?,
			);
		}
		let call = RuntimeCall::Commands(pallet_commands::Call::provide_sealed_input {
			command: id,
			envelopes: envelopes.try_into().map_err(|_| "too many envelopes")?,
		});
		let included = client.submit(call, signer, timeout)?;
		println!("sealed input posted in block #{} (one envelope per executor)", included.number);
		inclusion = included.number;
	}

	let view = wait(client, id, timeout)?;
	print_command(&view, reply_keys.as_ref(), Some(inclusion));
	Ok(())
}

/// Polls the command until it settles or times out, with a progress line on stderr.
fn wait(
	client: &Client,
	id: u64,
	timeout: Duration,
) -> Result<CommandView<AccountId, Balance, BlockNumber>, Error> {
	let start = Instant::now();
	let spinner = ['|', '/', '-', '\\'];
	let mut tick = 0usize;
	loop {
		let view: Option<CommandView<AccountId, Balance, BlockNumber>> =
			client.runtime_call("CommandsApi_command", &id.encode())?;
		let view = view.ok_or_else(|| format!("no command {id}"))?;
		match view.state {
			CommandState::Settled | CommandState::TimedOut => {
				eprint!("\r\x1b[2K");
				return Ok(view);
			},
			state => {
				eprint!(
					"\r{} command {id}: {:?}, {} of {} executors reported, {:.0}s",
					spinner[tick % 4],
					state,
					view.reported.len(),
					view.executors.len(),
					start.elapsed().as_secs_f64()
				);
				let _ = std::io::stderr().flush();
			},
		}
		if start.elapsed() > timeout {
			eprintln!();
			return Err(format!("command {id} did not settle within {timeout:?}").into());
		}
		tick += 1;
		std::thread::sleep(Duration::from_millis(250));
	}
}

/// `command show`.
pub fn show_command(client: &Client, id: u64) -> Result<(), Error> {
	let view: Option<CommandView<AccountId, Balance, BlockNumber>> =
		client.runtime_call("CommandsApi_command", &id.encode())?;
	let view = view.ok_or_else(|| format!("no command {id}"))?;
	print_command(&view, None, None);
	Ok(())
}

fn print_command(
	view: &CommandView<AccountId, Balance, BlockNumber>,
	reply_keys: Option<&aether_seal::SecretKeys>,
	included_at: Option<BlockNumber>,
) {
	println!("command {}", view.id);
	println!("  program:   {}", view.program);
	println!("  submitter: {}", view.owner.to_ss58check());
	println!(
		"  input:     sha256 {}{}",
		client::hex(&view.input_commitment),
		if view.sealed { " (sealed)" } else { "" }
	);
	println!("  state:     {:?}", view.state);
	println!("  fee:       {}", crate::aeth(view.fee));
	println!("  assigned:  {}", view.executors.iter().map(short).collect::<Vec<_>>().join(", "));
	let Some(result) = &view.result else {
		if view.state == CommandState::TimedOut {
			println!("  timed out at #{}: the fee was refunded", view.deadline);
		}
		return;
	};
	println!("  exit:      {:?}", result.exit);
	println!("  fuel used: {}", result.fuel_used);
	println!(
		"  executed by: {}",
		result.executors.iter().map(short).collect::<Vec<_>>().join(", ")
	);
	match result.check {
		Check::Proof => println!("  checked:   by a Groth16 proof verified on chain"),
		Check::Quorum(n) => {
			println!("  checked:   by a quorum of {n} of {} executors", view.executors.len())
		},
	}
	match included_at {
		Some(at) => println!(
			"  settled:   at #{} ({} block(s) after inclusion)",
			result.settled_at,
			result.settled_at.saturating_sub(at)
		),
		None => println!("  settled:   at #{}", result.settled_at),
	}
	println!("  output sha256: {}", client::hex(&result.output_hash));
	if result.exit != ExitStatus::Ok {
		return;
	}
	let output = if result.output_sealed {
		match reply_keys.map(|k| aether_seal::open(k, &result.output, &output_context(view.id))) {
			Some(Ok(plain)) if sha256(&plain) == result.output_hash => plain,
			Some(Ok(_)) => {
				println!("  output:    sealed; it opened but does not match its hash");
				return;
			},
			Some(Err(e)) => {
				println!("  output:    sealed; cannot open it: {e}");
				return;
			},
			None => {
				println!("  output:    sealed to the submitter ({} bytes)", result.output.len());
				return;
			},
		}
	} else {
		result.output.clone()
	};
	match std::str::from_utf8(&output) {
		Ok(text) if text.chars().all(|c| !c.is_control() || c == '\n' || c == '\t') => {
			println!("  output:    {text}")
		},
		_ => println!("  output:    {}", client::hex(&output)),
	}
}

/// `executor register`: the bond is held; `keys` is a `keys generate` secret key file.
pub fn register_executor(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	keys: PathBuf,
) -> Result<(), Error> {
	let secret = aether_seal::SecretKeys::from_bytes(&crate::read_hex(&keys)?)?;
	let call = RuntimeCall::Commands(pallet_commands::Call::register_executor {
		seal_key: secret.public().to_bytes().try_into().map_err(|_| "keys of the wrong size")?,
	});
	crate::report(&client.submit(call, signer, timeout)?);
	Ok(())
}

/// `executor show`.
pub fn show_executor(client: &Client, who: AccountId) -> Result<(), Error> {
	let view: Option<ExecutorView<Balance>> =
		client.runtime_call("CommandsApi_executor", &who.encode())?;
	let view = view.ok_or_else(|| format!("{} is not an executor", who.to_ss58check()))?;
	println!("executor {}", who.to_ss58check());
	println!("  bond:     {}", crate::aeth(view.bond));
	println!("  pending:  {}", view.pending);
	println!("  active:   {}", view.active);
	println!("  sealing keys: {} bytes (ML-KEM-768 + secp256k1)", view.seal_key.len());
	Ok(())
}

fn short(account: &AccountId) -> String {
	let s = account.to_ss58check();
	format!("{}…{}", &s[..6], &s[s.len() - 4..])
}
