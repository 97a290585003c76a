//! The executor service (`aether-node --executor`): the node side of the Emulator Veil.
//!
//! On every new best block it asks the runtime (`CommandsApi`) for the commands assigned to its
//! executor account, runs each once in the wasmtime sandbox of `aether-veil` on a blocking
//! thread, proves the result when the program has a verifying key and a matching proving key is
//! loaded, and reports it with a signed `Commands::report` extrinsic through the local
//! transaction pool. It registers its executor account (bond and sealing keys) by itself when
//! the chain does not know it.
//!
//! - **Account key**: the first sr25519 key of type `aexe` in the keystore; `--executor-suri`
//!   inserts one (the dev chain uses `//Alice`).
//! - **Sealing keys**: ML-KEM-768 + secp256k1, generated on first start and kept in
//!   `<base path>/veil/seal-keys` (mode 0600). Losing the file only means registering new keys.
//! - **Proving keys**: `--proving-keys DIR` loads `<name>.pk` / `<name>.vk` pairs written by
//!   `aether-circuits setup`; a program whose verifying key equals one of them is proved.

use aether_primitives::commands::{
	input_context, output_context, sha256, Assignment, CommandsApi, ExitStatus,
};
use aether_runtime::{
	opaque::Block, AccountId, Address, BlockNumber, Nonce, RuntimeCall, Signature, SignedPayload,
	UncheckedExtrinsic,
};
use codec::Encode;
use futures::{channel::mpsc, StreamExt};
use polkadot_sdk::{
	frame_system_rpc_runtime_api::AccountNonceApi,
	sc_client_api::{BlockBackend, BlockchainEvents},
	sc_service::{error::Error as ServiceError, TaskManager},
	sc_transaction_pool_api::{TransactionPool, TransactionSource},
	sp_api::ProvideRuntimeApi,
	sp_blockchain::HeaderBackend,
	sp_core::{crypto::KeyTypeId, sr25519, Pair},
	sp_keystore::KeystorePtr,
	sp_runtime::{traits::IdentifyAccount, MultiSigner},
};
use std::{
	collections::{BTreeMap, HashMap},
	path::{Path, PathBuf},
	sync::Arc,
};

/// Log target of the executor service.
const LOG_TARGET: &str = "veil";

/// Key type of the executor account key in the keystore.
pub const KEY_TYPE: KeyTypeId = KeyTypeId(*b"aexe");

/// Blocks to wait before submitting a registration again.
const REGISTRATION_RETRY: BlockNumber = 10;

/// How the executor service is started.
#[derive(Debug, Clone)]
pub struct ExecutorConfig {
	/// A secret URI to insert into the keystore as the executor account key.
	pub suri: Option<String>,
	/// Where the sealing keys live.
	pub data_dir: PathBuf,
	/// Directory of `<name>.pk` / `<name>.vk` proving keys.
	pub proving_keys: Option<PathBuf>,
}

/// A proving key the executor can use.
struct Prover {
	kind: aether_circuits::CircuitKind,
	pk: Vec<u8>,
	vk: Vec<u8>,
}

/// The report an executor computed, before it is signed.
struct Computed {
	id: u64,
	exit: ExitStatus,
	output: pallet_commands::ReportedOutput<Vec<u8>, Vec<u8>>,
	output_hash: [u8; 32],
	fuel_used: u64,
	proof: Option<Vec<u8>>,
}

type Client = crate::service::FullClient;

/// Starts the executor service on `task_manager`.
pub fn start<P>(
	task_manager: &TaskManager,
	client: Arc<Client>,
	pool: Arc<P>,
	keystore: KeystorePtr,
	config: ExecutorConfig,
) -> Result<(), ServiceError>
where
	P: TransactionPool<
			Block = Block,
			Hash = <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
		> + 'static,
{
	let public = account_key(&keystore, config.suri.as_deref())?;
	let account: AccountId = MultiSigner::from(public).into_account();
	let seal_keys = load_seal_keys(&config.data_dir)?;
	let provers = load_provers(config.proving_keys.as_deref())?;
	let sandbox = Arc::new(
		aether_veil::Sandbox::new(aether_veil::SandboxConfig::default())
			.map_err(|e| ServiceError::Other(format!("the executor sandbox did not start: {e}")))?,
	);
	log::info!(
		target: LOG_TARGET,
		"executor {} ready: {} proving key(s)",
		polkadot_sdk::sp_core::crypto::Ss58Codec::to_ss58check(&account),
		provers.len()
	);
	let genesis = client
		.block_hash(0)
		.ok()
		.flatten()
		.ok_or_else(|| ServiceError::Other("the genesis block is missing".into()))?;
	let worker = Worker {
		client,
		pool,
		keystore,
		public,
		account,
		seal_keys: Arc::new(seal_keys),
		provers: Arc::new(provers),
		sandbox,
		next_nonce: 0,
		in_flight: BTreeMap::new(),
		registration_sent: None,
		code: HashMap::new(),
		genesis,
	};
	let spawner = task_manager.spawn_handle();
	task_manager.spawn_handle().spawn("veil-executor", Some("veil"), worker.run(spawner));
	Ok(())
}

/// The sr25519 executor key: inserted from `suri` if given, else the first in the keystore.
fn account_key(
	keystore: &KeystorePtr,
	suri: Option<&str>,
) -> Result<sr25519::Public, ServiceError> {
	if let Some(suri) = suri {
		let pair = sr25519::Pair::from_string(suri, None)
			.map_err(|e| ServiceError::Other(format!("bad --executor-suri: {e:?}")))?;
		keystore
			.insert(KEY_TYPE, suri, pair.public().as_ref())
			.map_err(|_| ServiceError::Other("cannot store the executor key".into()))?;
		return Ok(pair.public());
	}
	keystore.sr25519_public_keys(KEY_TYPE).first().copied().ok_or_else(|| {
		ServiceError::Other(
			"--executor needs an `aexe` sr25519 key: insert one with `aether-node key insert \
			 --key-type aexe --scheme sr25519` or pass --executor-suri"
				.into(),
		)
	})
}

/// The sealing keys in `dir`, generated and saved (mode 0600) on first use.
fn load_seal_keys(dir: &Path) -> Result<aether_seal::SecretKeys, ServiceError> {
	let path = dir.join("seal-keys");
	if let Ok(bytes) = std::fs::read(&path) {
		return aether_seal::SecretKeys::from_bytes(&bytes).map_err(|e| {
			ServiceError::Other(format!("{} is not a sealing key file: {e}", path.display()))
		});
	}
	let keys = aether_seal::SecretKeys::generate()
		.map_err(|e| ServiceError::Other(format!("cannot generate sealing keys: {e}")))?;
	std::fs::create_dir_all(dir)
		.map_err(|e| ServiceError::Other(format!("cannot create {}: {e}", dir.display())))?;
	let tmp = dir.join("seal-keys.tmp");
	std::fs::write(&tmp, keys.to_bytes())
		.and_then(|_| {
			#[cfg(unix)]
			{
				use std::os::unix::fs::PermissionsExt;
				std::fs::set_permissions(&tmp, std::fs::Permissions::from_mode(0o600))?;
			}
			std::fs::rename(&tmp, &path)
		})
		.map_err(|e| ServiceError::Other(format!("cannot write {}: {e}", path.display())))?;
	log::info!(target: LOG_TARGET, "new sealing keys in {}", path.display());
	Ok(keys)
}

/// Every `<name>.pk` with its `<name>.vk` in `dir`, for a known circuit of a command program
/// (four public inputs; a game's move circuit, e.g. `tictactoe`, is proved by its players).
fn load_provers(dir: Option<&Path>) -> Result<Vec<Prover>, ServiceError> {
	let Some(dir) = dir else { return Ok(Vec::new()) };
	let mut provers = Vec::new();
	for kind in aether_circuits::CircuitKind::ALL {
		if kind.public_input_count() != aether_circuits::PROGRAM_PUBLIC_INPUTS {
			continue;
		}
		let pk = dir.join(format!("{}.pk", kind.name()));
		let vk = dir.join(format!("{}.vk", kind.name()));
		match (std::fs::read(&pk), std::fs::read(&vk)) {
			(Ok(pk), Ok(vk)) => provers.push(Prover { kind, pk, vk }),
			_ => {
				log::warn!(target: LOG_TARGET, "no proving key for {} in {}", kind.name(), dir.display())
			},
		}
	}
	Ok(provers)
}

/// Runs one assignment: open the input, run the module, seal the output, prove.
fn compute(
	sandbox: &aether_veil::Sandbox,
	seal_keys: &aether_seal::SecretKeys,
	provers: &[Prover],
	assignment: &Assignment,
	code: &[u8],
) -> Option<Computed> {
	let id = assignment.id;
	let unreadable = || Computed {
		id,
		exit: ExitStatus::InputUnreadable,
		output: pallet_commands::ReportedOutput::None,
		output_hash: sha256(&[]),
		fuel_used: 0,
		proof: None,
	};
	let input = if assignment.sealed {
		match aether_seal::open(seal_keys, &assignment.input, &input_context(id)) {
			Ok(plain) if sha256(&plain) == assignment.input_commitment => plain,
			Ok(_) => {
				log::warn!(target: LOG_TARGET, "command {id}: the input does not match its commitment");
				return Some(unreadable());
			},
			Err(e) => {
				log::warn!(target: LOG_TARGET, "command {id}: the sealed input does not open: {e}");
				return Some(unreadable());
			},
		}
	} else {
		assignment.input.clone()
	};
	let outcome = match sandbox.run(code, &assignment.limits, &input, assignment.fuel_limit) {
		Ok(outcome) => outcome,
		Err(e) => {
			// The chain validated the module; a local refusal is a trap of this run.
			log::warn!(target: LOG_TARGET, "command {id}: the sandbox refused the program: {e}");
			return Some(Computed {
				id,
				exit: ExitStatus::Trapped,
				output: pallet_commands::ReportedOutput::None,
				output_hash: sha256(&[]),
				fuel_used: 0,
				proof: None,
			});
		},
	};
	for line in &outcome.logs {
		log::debug!(target: LOG_TARGET, "command {id}: {line}");
	}
	let (exit, fuel_used) = match outcome.status {
		aether_veil::ExitStatus::Ok => (ExitStatus::Ok, outcome.fuel_used),
		aether_veil::ExitStatus::OutOfFuel => (ExitStatus::OutOfFuel, assignment.fuel_limit),
		aether_veil::ExitStatus::Trap(reason) => {
			log::info!(target: LOG_TARGET, "command {id} trapped: {reason}");
			(ExitStatus::Trapped, outcome.fuel_used)
		},
	};
	if exit != ExitStatus::Ok {
		return Some(Computed {
			id,
			exit,
			output: pallet_commands::ReportedOutput::None,
			output_hash: sha256(&[]),
			fuel_used,
			proof: None,
		});
	}
	let output_hash = sha256(&outcome.output);
	let proof = match &assignment.verifying_key {
		None => None,
		Some(vk) => {
			let Some(prover) = provers.iter().find(|p| &p.vk == vk) else {
				log::warn!(
					target: LOG_TARGET,
					"command {id}: program {} needs a proof and no loaded proving key matches its key",
					assignment.program
				);
				return None;
			};
			match aether_circuits::prove(prover.kind, &prover.pk, &input) {
				Ok((proof, proved_output)) if proved_output == outcome.output => Some(proof),
				Ok(_) => {
					log::error!(
						target: LOG_TARGET,
						"command {id}: the circuit's output differs from the program's"
					);
					return None;
				},
				Err(e) => {
					log::warn!(target: LOG_TARGET, "command {id}: cannot prove: {e}");
					return None;
				},
			}
		},
	};
	let output = match &assignment.reply_to {
		None => pallet_commands::ReportedOutput::Plain(outcome.output),
		Some(keys) => {
			let sealed = aether_seal::PublicKeys::from_bytes(keys)
				.and_then(|to| aether_seal::seal(&to, &outcome.output, &output_context(id)));
			match sealed {
				Ok(sealed) => pallet_commands::ReportedOutput::Sealed(sealed),
				Err(e) => {
					log::warn!(target: LOG_TARGET, "command {id}: cannot seal the output: {e}");
					return None;
				},
			}
		},
	};
	Some(Computed { id, exit, output, output_hash, fuel_used, proof })
}

/// The executor's state between blocks.
struct Worker<P> {
	client: Arc<Client>,
	pool: Arc<P>,
	keystore: KeystorePtr,
	public: sr25519::Public,
	account: AccountId,
	seal_keys: Arc<aether_seal::SecretKeys>,
	provers: Arc<Vec<Prover>>,
	sandbox: Arc<aether_veil::Sandbox>,
	next_nonce: Nonce,
	/// Commands being run or reported, with their deadlines.
	in_flight: BTreeMap<u64, u32>,
	registration_sent: Option<BlockNumber>,
	/// Modules by code hash: fetched from the chain once.
	code: HashMap<[u8; 32], Arc<Vec<u8>>>,
	/// The genesis hash every signed transaction commits to.
	genesis: <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
}

impl<P> Worker<P>
where
	P: TransactionPool<
			Block = Block,
			Hash = <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
		> + 'static,
{
	async fn run(mut self, spawner: polkadot_sdk::sc_service::SpawnTaskHandle) {
		enum Input<N> {
			Block(N),
			Done(Computed),
		}
		let (done_tx, done_rx) = mpsc::unbounded::<Computed>();
		let blocks = self.client.import_notification_stream().map(Input::Block);
		let mut inputs = futures::stream::select(blocks, done_rx.map(Input::Done));
		while let Some(input) = inputs.next().await {
			match input {
				Input::Block(notification) if notification.is_new_best => {
					let number = notification.header.number;
					self.on_best(notification.hash, number, &spawner, &done_tx).await;
				},
				Input::Block(_) => {},
				Input::Done(computed) => {
					let best = self.client.info().best_hash;
					self.report(best, computed).await;
				},
			}
		}
	}

	async fn on_best(
		&mut self,
		at: <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
		number: BlockNumber,
		spawner: &polkadot_sdk::sc_service::SpawnTaskHandle,
		done: &mpsc::UnboundedSender<Computed>,
	) {
		let api = self.client.runtime_api();
		let ours = self.seal_keys.public().to_bytes();
		match api.executor(at, self.account.clone()) {
			Ok(Some(view)) if view.seal_key == ours => self.registration_sent = None,
			Ok(_) => {
				let due = self
					.registration_sent
					.map_or(true, |sent| number >= sent.saturating_add(REGISTRATION_RETRY));
				if due {
					let call = RuntimeCall::Commands(pallet_commands::Call::register_executor {
						seal_key: pallet_commands::SealKey::truncate_from(ours),
					});
					if self.submit(at, call).await {
						log::info!(target: LOG_TARGET, "registering as an executor");
						self.registration_sent = Some(number);
					}
				}
				return;
			},
			Err(e) => {
				log::warn!(target: LOG_TARGET, "cannot read the executor set: {e}");
				return;
			},
		}
		self.in_flight.retain(|_, deadline| *deadline >= number);
		let assignments = match api.assignments(at, self.account.clone()) {
			Ok(a) => a,
			Err(e) => {
				log::warn!(target: LOG_TARGET, "cannot read assignments: {e}");
				return;
			},
		};
		for assignment in assignments {
			if self.in_flight.contains_key(&assignment.id) {
				continue;
			}
			let code = match self.code.get(&assignment.code_hash) {
				Some(code) => code.clone(),
				None => match api.program_code(at, assignment.program) {
					Ok(Some(code)) => {
						let code = Arc::new(code);
						self.code.insert(assignment.code_hash, code.clone());
						code
					},
					_ => {
						log::warn!(target: LOG_TARGET, "program {} has no module", assignment.program);
						continue;
					},
				},
			};
			log::info!(
				target: LOG_TARGET,
				"running command {} (program {}, {} input)",
				assignment.id,
				assignment.program,
				if assignment.sealed { "sealed" } else { "plain" }
			);
			self.in_flight.insert(assignment.id, assignment.deadline);
			let (sandbox, keys, provers, done) =
				(self.sandbox.clone(), self.seal_keys.clone(), self.provers.clone(), done.clone());
			spawner.spawn_blocking("veil-run", Some("veil"), async move {
				if let Some(computed) = compute(&sandbox, &keys, &provers, &assignment, &code) {
					let _ = done.unbounded_send(computed);
				}
			});
		}
	}

	async fn report(
		&mut self,
		at: <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
		c: Computed,
	) {
		let id = c.id;
		let bounded_output = match c.output {
			pallet_commands::ReportedOutput::None => pallet_commands::ReportedOutput::None,
			pallet_commands::ReportedOutput::Plain(bytes) => {
				pallet_commands::ReportedOutput::Plain(pallet_commands::IoOf::<
					aether_runtime::Runtime,
				>::truncate_from(bytes))
			},
			pallet_commands::ReportedOutput::Sealed(bytes) => {
				pallet_commands::ReportedOutput::Sealed(pallet_commands::SealedOf::<
					aether_runtime::Runtime,
				>::truncate_from(bytes))
			},
		};
		let call = RuntimeCall::Commands(pallet_commands::Call::report {
			command: id,
			exit: c.exit,
			output: bounded_output,
			output_hash: c.output_hash,
			fuel_used: c.fuel_used,
			proof: c.proof.map(pallet_commands::ProofOf::<aether_runtime::Runtime>::truncate_from),
		});
		if self.submit(at, call).await {
			log::info!(
				target: LOG_TARGET,
				"reported command {id}: {:?}, {} fuel",
				c.exit,
				c.fuel_used
			);
		} else {
			// Let the next block retry it.
			self.in_flight.remove(&id);
		}
	}

	/// Signs `call` with the executor key and submits it to the local pool.
	async fn submit(
		&mut self,
		at: <Block as polkadot_sdk::sp_runtime::traits::Block>::Hash,
		call: RuntimeCall,
	) -> bool {
		let api = self.client.runtime_api();
		let chain_nonce = api.account_nonce(at, self.account.clone()).unwrap_or(0);
		let nonce = chain_nonce.max(self.next_nonce);
		let genesis = self.genesis;
		let version = aether_runtime::VERSION;
		let extension = aether_runtime::tx_extension(nonce, 0);
		let implicit = (
			(),
			(),
			version.spec_version,
			version.transaction_version,
			genesis,
			genesis,
			(),
			(),
			(),
			None,
			(),
		);
		let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
		let signature = payload.using_encoded(|bytes| {
			self.keystore.sr25519_sign(KEY_TYPE, &self.public, bytes).ok().flatten()
		});
		let Some(signature) = signature else {
			log::error!(target: LOG_TARGET, "the keystore cannot sign with the executor key");
			return false;
		};
		let xt = UncheckedExtrinsic::new_signed(
			call,
			Address::Id(self.account.clone()),
			Signature::Sr25519(signature),
			extension,
		);
		let opaque: <Block as polkadot_sdk::sp_runtime::traits::Block>::Extrinsic =
			match codec::Decode::decode(&mut &xt.encode()[..]) {
				Ok(x) => x,
				Err(_) => return false,
			};
		match self.pool.submit_one(at, TransactionSource::Local, opaque).await {
			Ok(_) => {
				self.next_nonce = nonce + 1;
				true
			},
			Err(e) => {
				log::warn!(target: LOG_TARGET, "the pool refused a transaction: {e}");
				// A stale local nonce is the usual cause; start again from the chain's.
				self.next_nonce = chain_nonce;
				false
			},
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use aether_primitives::commands::ProgramLimits;

	const ECHO: &str = r#"(module
	  (import "aether" "input_len" (func $len (result i32)))
	  (import "aether" "input_read" (func $read (param i32 i32 i32) (result i32)))
	  (import "aether" "output_write" (func $write (param i32 i32)))
	  (memory (export "memory") 1)
	  (func (export "run")
	    (drop (call $read (i32.const 0) (i32.const 0) (call $len)))
	    (call $write (i32.const 0) (call $len))))"#;

	const SPIN: &str =
		r#"(module (memory (export "memory") 1) (func (export "run") (loop (br 0))))"#;

	fn assignment(id: u64, input: Vec<u8>, sealed: bool, commitment: [u8; 32]) -> Assignment {
		Assignment {
			id,
			program: 0,
			code_hash: [0; 32],
			limits: ProgramLimits::default(),
			input,
			sealed,
			input_commitment: commitment,
			fuel_limit: 100_000,
			reply_to: None,
			verifying_key: None,
			deadline: 10,
		}
	}

	fn sandbox() -> aether_veil::Sandbox {
		aether_veil::Sandbox::new(aether_veil::SandboxConfig::default()).expect("a sandbox")
	}

	#[test]
	fn a_plain_command_is_run_and_reported_in_the_clear() {
		let keys = aether_seal::SecretKeys::generate().unwrap();
		let code = wat::parse_str(ECHO).unwrap();
		let a = assignment(1, b"hello".to_vec(), false, sha256(b"hello"));
		let c = compute(&sandbox(), &keys, &[], &a, &code).expect("a report");
		assert_eq!(c.exit, ExitStatus::Ok);
		assert_eq!(c.output, pallet_commands::ReportedOutput::Plain(b"hello".to_vec()));
		assert_eq!(c.output_hash, sha256(b"hello"));
		assert!(c.fuel_used > 0 && c.proof.is_none());
	}

	#[test]
	fn a_sealed_input_is_opened_and_the_output_sealed_back() {
		let executor = aether_seal::SecretKeys::generate().unwrap();
		let submitter = aether_seal::SecretKeys::generate().unwrap();
		let code = wat::parse_str(ECHO).unwrap();
		let secret = b"the secret input".to_vec();
		let sealed = aether_seal::seal(executor.public(), &secret, &input_context(9)).unwrap();
		let mut a = assignment(9, sealed, true, sha256(&secret));
		a.reply_to = Some(submitter.public().to_bytes());
		let c = compute(&sandbox(), &executor, &[], &a, &code).expect("a report");
		assert_eq!(c.exit, ExitStatus::Ok);
		assert_eq!(c.output_hash, sha256(&secret));
		let pallet_commands::ReportedOutput::Sealed(out) = c.output else {
			panic!("the output must be sealed to the submitter")
		};
		assert!(!out.windows(secret.len()).any(|w| w == secret.as_slice()));
		assert_eq!(aether_seal::open(&submitter, &out, &output_context(9)).unwrap(), secret);
		// Sealed for command 9, it does not open as command 10's.
		let mut other = a.clone();
		other.id = 10;
		let c = compute(&sandbox(), &executor, &[], &other, &code).expect("a report");
		assert_eq!(c.exit, ExitStatus::InputUnreadable);
	}

	#[test]
	fn garbage_or_mismatched_sealed_input_is_unreadable() {
		let executor = aether_seal::SecretKeys::generate().unwrap();
		let code = wat::parse_str(ECHO).unwrap();
		let garbage = assignment(3, vec![1; 1300], true, [0; 32]);
		let c = compute(&sandbox(), &executor, &[], &garbage, &code).expect("a report");
		assert_eq!(c.exit, ExitStatus::InputUnreadable);
		assert_eq!(c.output, pallet_commands::ReportedOutput::None);
		assert_eq!(c.output_hash, sha256(&[]));
		// Opens, but is not what the submitter committed to.
		let sealed = aether_seal::seal(executor.public(), b"other", &input_context(4)).unwrap();
		let mismatch = assignment(4, sealed, true, sha256(b"committed"));
		let c = compute(&sandbox(), &executor, &[], &mismatch, &code).expect("a report");
		assert_eq!(c.exit, ExitStatus::InputUnreadable);
	}

	#[test]
	fn a_program_that_loops_reports_out_of_fuel_with_all_its_fuel() {
		let keys = aether_seal::SecretKeys::generate().unwrap();
		let code = wat::parse_str(SPIN).unwrap();
		let a = assignment(5, vec![], false, sha256(&[]));
		let c = compute(&sandbox(), &keys, &[], &a, &code).expect("a report");
		assert_eq!(c.exit, ExitStatus::OutOfFuel);
		assert_eq!(c.fuel_used, a.fuel_limit);
		assert_eq!(c.output, pallet_commands::ReportedOutput::None);
	}

	#[test]
	fn a_proved_program_without_a_matching_proving_key_is_not_reported() {
		let keys = aether_seal::SecretKeys::generate().unwrap();
		let code = wat::parse_str(ECHO).unwrap();
		let mut a = assignment(6, b"x".to_vec(), false, sha256(b"x"));
		a.verifying_key = Some(vec![1, 2, 3]);
		assert!(compute(&sandbox(), &keys, &[], &a, &code).is_none());
	}
}
