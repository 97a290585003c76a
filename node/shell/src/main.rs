//! `aether`: the user's command-line shell for Aether Chain.
//!
//! ```text
//! aether [--url ws://127.0.0.1:9944] [--suri //Alice] <command>
//!
//!   keys generate --out <FILE>                    executor keys (ML-KEM-768 + secp256k1)
//!   data commit <FILE> --price <AETH> [--encrypt] [--only-programs 1,2 | --except-programs 3]
//!   data grant <ID> --to <ACCOUNT> --public <FILE.pub> --key <FILE.key>
//!   data open <ID> --secret <FILE> --encrypted <FILE.sealed> --out <FILE>
//!   data show <ID>
//!   data revoke <ID>
//!   rewards show [ACCOUNT]
//!   rewards claim
//!   period
//!   program register <FILE.wasm> [--vk <FILE.vk>] [--memory-pages N] [--max-output N]
//!   program show <ID>
//!   run <PROGRAM> (--input <TEXT> | --input-hex <HEX> | --input-file <FILE>) [--sealed]
//!       [--redundancy K] [--fuel N] [--fee AETH]
//!   command show <ID>
//!   executor register --keys <FILE>
//!   executor show [ACCOUNT]
//!   game register <PROGRAM> (--rules tictactoe|connect4 | --initial-hash HEX) [--vk ID | --vk-file F]
//!       [--min-seats 2] [--max-seats 2] [--rules-fuel N]
//!   game list
//!   game create <GAME> --stake <AETH> [--seats N] [--initial-hash HEX]
//!   game queue <GAME> --stake <AETH>
//!   game leave-queue <GAME>
//!   game join <SESSION>
//!   game move <SESSION> <MOVE-HEX> [--rules R [--proving-key FILE]] [--new-hash HEX --outcome O] [--proof FILE]
//!   game show <SESSION> [--rules R]
//!   game replay <SESSION> [--rules R]
//! ```
//!
//! The shell links the runtime crate: calls, storage and events are the runtime's own types, and
//! a failed call is reported by the runtime's error name. Signing accounts are sr25519, from a
//! secret URI (`--suri`, or `AETHER_SURI`; `//Alice` and friends on a dev chain).

mod client;
mod games;
mod programs;

use aether_runtime::{
	pallet_chalice, AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent, UNIT,
};
use clap::{Parser, Subcommand};
use client::{Client, ClientError};
use polkadot_sdk::sp_core::{crypto::Ss58Codec, sr25519, Pair};
use sha2::{Digest, Sha256};
use std::{process::ExitCode, time::Duration};

/// The Aether Chain shell.
#[derive(Parser, Debug)]
#[command(name = "aether", version, about)]
struct Cli {
	/// The node's RPC endpoint.
	#[arg(long, global = true, env = "AETHER_URL", default_value = "ws://127.0.0.1:9944")]
	url: String,

	/// Secret URI of the signing account (sr25519), e.g. `//Alice` on a dev chain.
	#[arg(long, global = true, env = "AETHER_SURI")]
	suri: Option<String>,

	/// How long to wait for a call to reach a block, in seconds.
	#[arg(long, global = true, default_value_t = 120)]
	timeout: u64,

	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
	/// Executor keys for sealed data keys and inputs.
	#[command(subcommand)]
	Keys(KeysCommand),
	/// Data commitments of the Chalice economy.
	#[command(subcommand)]
	Data(DataCommand),
	/// Chalice rewards.
	#[command(subcommand)]
	Rewards(RewardsCommand),
	/// The reward period in progress: pools, points, end.
	Period,
	/// WASM programs.
	#[command(subcommand)]
	Program(ProgramCommand),
	/// Run a program as a command and wait for its settled result: the output, who executed
	/// it and how it was checked (Groth16 proof or quorum).
	Run {
		/// The program's id.
		program: u64,
		/// The input as text.
		#[arg(long, group = "input_source")]
		input: Option<String>,
		/// The input as hex.
		#[arg(long, group = "input_source")]
		input_hex: Option<String>,
		/// The input from a file.
		#[arg(long, group = "input_source")]
		input_file: Option<std::path::PathBuf>,
		/// Seal the input to the assigned executors (ML-KEM-768 + secp256k1) and have the
		/// output sealed back: the plaintext never goes on chain.
		#[arg(long)]
		sealed: bool,
		/// How many executors run it; a majority must agree (ignored by proof settlement).
		#[arg(long, default_value_t = 1)]
		redundancy: u32,
		/// Fuel limit.
		#[arg(long, default_value_t = 100_000_000)]
		fuel: u64,
		/// Fee, in AETH.
		#[arg(long, default_value = "0.01")]
		fee: String,
	},
	/// Commands.
	#[command(subcommand)]
	Command(CommandCommand),
	/// Executors.
	#[command(subcommand)]
	Executor(ExecutorCommand),
	/// The game ledger: games, sessions, moves and their hash chain.
	#[command(subcommand)]
	Game(GameCommand),
}

#[derive(Subcommand, Debug)]
enum GameCommand {
	/// Register a game whose rules are command program PROGRAM; with --vk its moves must be
	/// proved against that key (eight public inputs), else they are optimistic.
	Register {
		/// The rules program's id.
		program: u64,
		/// A registered verifying key for move proofs.
		#[arg(long, conflicts_with = "vk_file")]
		vk: Option<u64>,
		/// A verifying key file for move proofs (e.g. programs/out/keys/tictactoe.vk): the shell
		/// registers it first.
		#[arg(long)]
		vk_file: Option<std::path::PathBuf>,
		/// Fewest seats.
		#[arg(long, default_value_t = 2)]
		min_seats: u8,
		/// Most seats.
		#[arg(long, default_value_t = 2)]
		max_seats: u8,
		/// Fuel of a challenge's rules run.
		#[arg(long, default_value_t = 10_000_000)]
		rules_fuel: u64,
		/// The start position is that of this game, whose rules the shell knows.
		#[arg(long, value_enum, conflicts_with = "initial_hash")]
		rules: Option<games::Known>,
		/// The state hash of the start position (hex): sessions made by matchmaking and
		/// tournaments start from it.
		#[arg(long)]
		initial_hash: Option<String>,
	},
	/// Registered games and live sessions.
	List,
	/// Create a session of GAME and take seat 0.
	Create {
		/// The game's id.
		game: u64,
		/// Each player's stake, in AETH.
		#[arg(long)]
		stake: String,
		/// Seats.
		#[arg(long, default_value_t = 2)]
		seats: u8,
		/// Start from this state hash (hex) instead of the game's start position.
		#[arg(long)]
		initial_hash: Option<String>,
	},
	/// Wait in GAME's matchmaking queue for an opponent of a close rating at the same stake;
	/// the chain pairs you and starts the session.
	Queue {
		/// The game's id.
		game: u64,
		/// Each player's stake, in AETH.
		#[arg(long)]
		stake: String,
	},
	/// Leave GAME's matchmaking queue; the stake is released.
	LeaveQueue {
		/// The game's id.
		game: u64,
	},
	/// Take a seat in SESSION (holds the stake).
	Join {
		/// The session's id.
		session: u64,
	},
	/// Make the next move of SESSION. With --rules the shell replays the session, applies the
	/// move and computes the new state hash and outcome (and with --proving-key proves it).
	Move {
		/// The session's id.
		session: u64,
		/// The move's bytes, in hex (tic-tac-toe: the cell, e.g. 04; connect four: the column).
		#[arg(value_name = "MOVE-HEX")]
		move_hex: String,
		/// The game's rules, known to the shell.
		#[arg(long, value_enum)]
		rules: Option<games::Known>,
		/// Without --rules: the new state hash (hex).
		#[arg(long)]
		new_hash: Option<String>,
		/// Without --rules: none, draw or win:SEAT.
		#[arg(long, default_value = "none")]
		outcome: String,
		/// A move proof (compressed Groth16, binary file).
		#[arg(long)]
		proof: Option<std::path::PathBuf>,
		/// The move circuit's proving key: the shell proves the move (tic-tac-toe).
		#[arg(long)]
		proving_key: Option<std::path::PathBuf>,
	},
	/// Show a session: players, turn, head, pending moves (and the board with --rules).
	Show {
		/// The session's id.
		session: u64,
		/// The game's rules, known to the shell.
		#[arg(long, value_enum)]
		rules: Option<games::Known>,
	},
	/// Replay a session from its events: the hash chain checked link by link, and with --rules
	/// every move checked against the rules.
	Replay {
		/// The session's id.
		session: u64,
		/// The game's rules, known to the shell.
		#[arg(long, value_enum)]
		rules: Option<games::Known>,
	},
}

#[derive(Subcommand, Debug)]
enum ProgramCommand {
	/// Register a WASM module; with --vk, its results must be proved against that Groth16
	/// verifying key (registered first).
	Register {
		/// The module.
		wasm: std::path::PathBuf,
		/// A compressed Groth16 verifying key (from `aether-circuits setup`).
		#[arg(long)]
		vk: Option<std::path::PathBuf>,
		/// Memory cap in 64 KiB pages.
		#[arg(long, default_value_t = 16)]
		memory_pages: u32,
		/// Largest output in bytes.
		#[arg(long, default_value_t = 1024)]
		max_output: u32,
	},
	/// Show a program.
	Show {
		/// The program's id.
		id: u64,
	},
}

#[derive(Subcommand, Debug)]
enum CommandCommand {
	/// Show a command: state, executors, result and how it was checked.
	Show {
		/// The command's id.
		id: u64,
	},
}

#[derive(Subcommand, Debug)]
enum ExecutorCommand {
	/// Register the signer as an executor (holds the bond) with sealing keys from `keys
	/// generate`.
	Register {
		/// The secret key file.
		#[arg(long)]
		keys: std::path::PathBuf,
	},
	/// Show an executor (default: the signer).
	Show {
		/// SS58 account.
		account: Option<String>,
	},
}

#[derive(Subcommand, Debug)]
enum KeysCommand {
	/// Generate an executor key pair: writes the secret keys to FILE and the public keys to
	/// FILE.pub (hex).
	Generate {
		/// Where to write the secret keys.
		#[arg(long)]
		out: std::path::PathBuf,
	},
}

#[derive(Subcommand, Debug)]
enum DataCommand {
	/// Commit to a file: its SHA-256 and size go on chain, the file stays here.
	Commit {
		/// The data.
		file: std::path::PathBuf,
		/// Also encrypt the file under a fresh data key: writes FILE.sealed (to publish) and
		/// FILE.key (the data key, to keep; `data grant` seals it to executors).
		#[arg(long)]
		encrypt: bool,
		/// Price of one use, in AETH (decimals allowed).
		#[arg(long)]
		price: String,
		/// Only these program ids may use the data.
		#[arg(long, value_delimiter = ',', conflicts_with = "except_programs")]
		only_programs: Vec<u64>,
		/// Every program but these may use the data.
		#[arg(long, value_delimiter = ',')]
		except_programs: Vec<u64>,
	},
	/// Seal the data key of commitment ID to an executor and store the envelope on chain.
	Grant {
		/// The commitment's id.
		id: u64,
		/// The executor's account (SS58).
		#[arg(long)]
		to: String,
		/// The executor's public keys (the FILE.pub of `keys generate`).
		#[arg(long)]
		public: std::path::PathBuf,
		/// The data key (the FILE.key of `data commit --encrypt`).
		#[arg(long)]
		key: std::path::PathBuf,
	},
	/// As an executor: fetch your key envelope of commitment ID from the chain, open it,
	/// decrypt the data and check it against the committed SHA-256.
	Open {
		/// The commitment's id.
		id: u64,
		/// Your secret keys (from `keys generate`).
		#[arg(long)]
		secret: std::path::PathBuf,
		/// The encrypted data (FILE.sealed).
		#[arg(long)]
		encrypted: std::path::PathBuf,
		/// Where to write the data.
		#[arg(long)]
		out: std::path::PathBuf,
		/// Your account (SS58); default: the signer of --suri.
		#[arg(long = "as")]
		account: Option<String>,
	},
	/// Show a commitment: owner, hash, price, terms, uses, key envelopes, revocation.
	Show {
		/// The commitment's id.
		id: u64,
	},
	/// Revoke a commitment (right to be forgotten): its key envelopes are deleted from state.
	Revoke {
		/// The commitment's id.
		id: u64,
	},
}

#[derive(Subcommand, Debug)]
enum RewardsCommand {
	/// What an account can claim (default: the signer).
	Show {
		/// SS58 account.
		account: Option<String>,
	},
	/// Claim everything claimable.
	Claim,
}

fn main() -> ExitCode {
	let cli = Cli::parse();
	match run(cli) {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("error: {e}");
			ExitCode::FAILURE
		},
	}
}

fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
	let client = Client::new(&cli.url)?;
	let timeout = Duration::from_secs(cli.timeout);
	let signer = || -> Result<sr25519::Pair, Box<dyn std::error::Error>> {
		let suri = cli.suri.as_deref().ok_or("this command signs: give --suri or AETHER_SURI")?;
		sr25519::Pair::from_string(suri, None).map_err(|e| format!("bad secret URI: {e:?}").into())
	};
	match cli.command {
		Command::Keys(KeysCommand::Generate { out }) => {
			let keys = aether_seal::SecretKeys::generate()?;
			let public_path = with_suffix(&out, "pub");
			write_new(&out, client::hex(&keys.to_bytes()).as_bytes())?;
			std::fs::write(&public_path, client::hex(&keys.public().to_bytes()))?;
			println!("secret keys: {} (keep them secret)", out.display());
			println!("public keys: {}", public_path.display());
		},
		Command::Data(DataCommand::Commit {
			file,
			encrypt,
			price,
			only_programs,
			except_programs,
		}) => {
			let data = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
			if data.is_empty() {
				return Err(format!("{}: empty file", file.display()).into());
			}
			let hash: [u8; 32] = Sha256::digest(&data).into();
			if encrypt {
				let key = aether_seal::new_data_key()?;
				let sealed_path = with_suffix(&file, "sealed");
				let key_path = with_suffix(&file, "key");
				write_new(&key_path, client::hex(&key).as_bytes())?;
				std::fs::write(&sealed_path, aether_seal::encrypt_data(&key, &data)?)?;
				println!("encrypted data: {}", sealed_path.display());
				println!(
					"data key:       {} (keep it; `data grant` seals it to executors)",
					key_path.display()
				);
			}
			let terms = if !only_programs.is_empty() {
				pallet_chalice::UsageTerms::OnlyPrograms(bounded(only_programs)?)
			} else if !except_programs.is_empty() {
				pallet_chalice::UsageTerms::AllExcept(bounded(except_programs)?)
			} else {
				pallet_chalice::UsageTerms::AnyProgram
			};
			let call = RuntimeCall::Chalice(pallet_chalice::Call::commit_data {
				hash,
				size: data.len() as u64,
				price_per_use: parse_aeth(&price)?,
				terms,
			});
			let included = client.submit(call, &signer()?, timeout)?;
			report(&included);
			for event in &included.events {
				if let RuntimeEvent::Chalice(pallet_chalice::Event::DataCommitted { id, .. }) =
					event
				{
					println!("data id: {id}");
				}
			}
		},
		Command::Data(DataCommand::Grant { id, to, public, key }) => {
			let executor = AccountId::from_ss58check(&to).map_err(|e| format!("{to}: {e:?}"))?;
			let public = aether_seal::PublicKeys::from_bytes(&read_hex(&public)?)?;
			let key: aether_seal::DataKey = read_hex(&key)?
				.try_into()
				.map_err(|_| "the data key file does not hold 32 bytes")?;
			let sealed = aether_seal::seal_data_key(&public, id, &key)?;
			let call = RuntimeCall::Chalice(pallet_chalice::Call::grant_key {
				id,
				executor,
				sealed: sealed.try_into().map_err(|_| "envelope longer than the chain accepts")?,
			});
			report(&client.submit(call, &signer()?, timeout)?);
		},
		Command::Data(DataCommand::Open { id, secret, encrypted, out, account }) => {
			let account = match account {
				Some(account) => {
					AccountId::from_ss58check(&account).map_err(|e| format!("{account}: {e:?}"))?
				},
				None => AccountId::from(signer()?.public()),
			};
			let keys = aether_seal::SecretKeys::from_bytes(&read_hex(&secret)?)?;
			let commitment = client
				.storage_as::<pallet_chalice::CommitmentOf<Runtime>>(&pallet_chalice::Data::<
					Runtime,
				>::hashed_key_for(id))?
				.ok_or_else(|| format!("no data commitment {id}"))?;
			let envelope = client
				.storage_as::<pallet_chalice::KeyEnvelope<Balance>>(
					&pallet_chalice::KeyEnvelopes::<Runtime>::hashed_key_for(id, &account),
				)?
				.ok_or_else(|| match commitment.revoked_at {
					Some(at) => {
						format!("data {id} was revoked at #{at}: its key envelopes are gone")
					},
					None => format!("no key envelope of data {id} for {}", account.to_ss58check()),
				})?;
			let key = aether_seal::open_data_key(&keys, id, &envelope.sealed)?;
			let encrypted =
				std::fs::read(&encrypted).map_err(|e| format!("{}: {e}", encrypted.display()))?;
			let data = aether_seal::decrypt_data(&key, &encrypted)?;
			let hash: [u8; 32] = Sha256::digest(&data).into();
			if hash != commitment.hash {
				return Err(format!(
					"the decrypted data does not match the SHA-256 committed for data {id}"
				)
				.into());
			}
			std::fs::write(&out, &data)?;
			println!(
				"opened data {id}: {} bytes, SHA-256 matches the commitment -> {}",
				data.len(),
				out.display()
			);
		},
		Command::Data(DataCommand::Show { id }) => {
			let key = pallet_chalice::Data::<Runtime>::hashed_key_for(id);
			let commitment = client
				.storage_as::<pallet_chalice::CommitmentOf<Runtime>>(&key)?
				.ok_or_else(|| format!("no data commitment {id}"))?;
			println!("data {id}");
			println!("  owner:        {}", commitment.owner.to_ss58check());
			println!("  sha256:       {}", client::hex(&commitment.hash));
			println!("  size:         {} bytes", commitment.size);
			println!("  price/use:    {}", aeth(commitment.price_per_use));
			println!("  terms:        {}", terms(&commitment.terms));
			println!("  uses:         {}", commitment.uses);
			println!("  key envelopes: {}", commitment.envelopes);
			println!("  deposit:      {}", aeth(commitment.deposit));
			match commitment.revoked_at {
				Some(at) => println!("  revoked at:   #{at}"),
				None => println!("  revoked:      no"),
			}
		},
		Command::Data(DataCommand::Revoke { id }) => {
			let call = RuntimeCall::Chalice(pallet_chalice::Call::revoke { id });
			report(&client.submit(call, &signer()?, timeout)?);
		},
		Command::Rewards(RewardsCommand::Show { account }) => {
			let account = match account {
				Some(account) => account,
				None => AccountId::from(signer()?.public()).to_ss58check(),
			};
			let rewards = client.call("chalice_rewards", serde_json::json!([account]))?;
			println!("account:   {}", rewards["account"].as_str().unwrap_or_default());
			println!("claimable: {}", aeth_str(&rewards["claimable"]));
			println!(
				"open period points: {} as originator, {} as validator",
				rewards["pendingOriginatorPoints"].as_str().unwrap_or("0"),
				rewards["pendingValidatorPoints"].as_str().unwrap_or("0")
			);
		},
		Command::Rewards(RewardsCommand::Claim) => {
			let call = RuntimeCall::Chalice(pallet_chalice::Call::claim {});
			let included = client.submit(call, &signer()?, timeout)?;
			report(&included);
			for event in &included.events {
				if let RuntimeEvent::Chalice(pallet_chalice::Event::Claimed { amount, .. }) = event
				{
					println!("claimed: {}", aeth(*amount));
				}
			}
		},
		Command::Program(ProgramCommand::Register { wasm, vk, memory_pages, max_output }) => {
			let limits = aether_primitives::commands::ProgramLimits {
				max_memory_pages: memory_pages,
				max_output,
			};
			programs::register(&client, &signer()?, timeout, wasm, vk, limits)?;
		},
		Command::Program(ProgramCommand::Show { id }) => programs::show_program(&client, id)?,
		Command::Run { program, input, input_hex, input_file, sealed, redundancy, fuel, fee } => {
			let input = match (input, input_hex, input_file) {
				(Some(text), _, _) => text.into_bytes(),
				(_, Some(hex), _) => client::unhex(&hex)?,
				(_, _, Some(file)) => {
					std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?
				},
				_ => Vec::new(),
			};
			let request = programs::RunRequest {
				program,
				input,
				sealed,
				redundancy,
				fuel,
				fee: parse_aeth(&fee)?,
			};
			programs::run(&client, &signer()?, timeout, request)?;
		},
		Command::Command(CommandCommand::Show { id }) => programs::show_command(&client, id)?,
		Command::Executor(ExecutorCommand::Register { keys }) => {
			programs::register_executor(&client, &signer()?, timeout, keys)?
		},
		Command::Executor(ExecutorCommand::Show { account }) => {
			let who = match account {
				Some(a) => AccountId::from_ss58check(&a).map_err(|e| format!("{a}: {e:?}"))?,
				None => AccountId::from(signer()?.public()),
			};
			programs::show_executor(&client, who)?;
		},
		Command::Game(GameCommand::Register {
			program,
			vk,
			vk_file,
			min_seats,
			max_seats,
			rules_fuel,
			rules,
			initial_hash,
		}) => {
			let initial_hash = match (rules, initial_hash) {
				(_, Some(hex)) => games::parse_hash(&hex)?,
				(Some(rules), None) => aether_games::state_hash(&rules.initial()),
				(None, None) => return Err("give --rules or --initial-hash".into()),
			};
			let params = aether_runtime::pallet_games::GameParams {
				min_seats,
				max_seats,
				rules_fuel,
				initial_hash,
			};
			let vk = match vk_file {
				Some(path) => Some(programs::register_key(&client, &signer()?, timeout, &path)?),
				None => vk,
			};
			games::register(&client, &signer()?, timeout, program, vk, params)?;
		},
		Command::Game(GameCommand::List) => games::list(&client)?,
		Command::Game(GameCommand::Create { game, stake, seats, initial_hash }) => {
			let initial_hash = initial_hash.as_deref().map(games::parse_hash).transpose()?;
			games::create(
				&client,
				&signer()?,
				timeout,
				game,
				parse_aeth(&stake)?,
				seats,
				initial_hash,
			)?;
		},
		Command::Game(GameCommand::Queue { game, stake }) => {
			games::queue(&client, &signer()?, timeout, game, parse_aeth(&stake)?)?
		},
		Command::Game(GameCommand::LeaveQueue { game }) => {
			games::leave_queue(&client, &signer()?, timeout, game)?
		},
		Command::Game(GameCommand::Join { session }) => {
			games::join(&client, &signer()?, timeout, session)?
		},
		Command::Game(GameCommand::Move {
			session,
			move_hex,
			rules,
			new_hash,
			outcome,
			proof,
			proving_key,
		}) => {
			let request = games::MoveRequest {
				session,
				bytes: client::unhex(&move_hex)?,
				rules,
				new_hash: new_hash.as_deref().map(games::parse_hash).transpose()?,
				outcome: games::parse_outcome(&outcome)?,
				proof: proof
					.map(|p| std::fs::read(&p).map_err(|e| format!("{}: {e}", p.display())))
					.transpose()?,
				proving_key,
			};
			games::make_move(&client, &signer()?, timeout, request)?;
		},
		Command::Game(GameCommand::Show { session, rules }) => {
			games::show(&client, session, rules)?
		},
		Command::Game(GameCommand::Replay { session, rules }) => {
			games::replay_cmd(&client, session, rules)?
		},
		Command::Period => {
			let p = client.call("chalice_period", serde_json::json!([]))?;
			println!("period {} (blocks #{}..#{})", p["index"], p["startedAt"], p["endsAt"]);
			println!("  issued:      {}", aeth_str(&p["issued"]));
			println!("  fees:        {}", aeth_str(&p["fees"]));
			println!("  carried in:  {}", aeth_str(&p["carriedIn"]));
			println!("  originators: {}", aeth_str(&p["originatorPool"]));
			println!("  validators:  {}", aeth_str(&p["validatorPool"]));
			println!("  treasury:    {}", aeth_str(&p["treasuryPool"]));
			println!(
				"  points:      {} originator, {} validator (floor {}), {} accounts",
				p["originatorPoints"].as_str().unwrap_or("0"),
				p["validatorPoints"].as_str().unwrap_or("0"),
				p["validatorFloor"].as_str().unwrap_or("0"),
				p["participants"]
			);
		},
	}
	Ok(())
}

/// `path` with `.suffix` appended to its file name.
fn with_suffix(path: &std::path::Path, suffix: &str) -> std::path::PathBuf {
	let mut name = path.as_os_str().to_owned();
	name.push(".");
	name.push(suffix);
	name.into()
}

/// Write a secret to a new file readable only by its owner; refuse to overwrite one.
fn write_new(path: &std::path::Path, contents: &[u8]) -> Result<(), String> {
	use std::io::Write;
	#[cfg(unix)]
	use std::os::unix::fs::OpenOptionsExt;
	let mut options = std::fs::OpenOptions::new();
	options.write(true).create_new(true);
	#[cfg(unix)]
	options.mode(0o600);
	let mut file = options.open(path).map_err(|e| format!("{}: {e}", path.display()))?;
	file.write_all(contents).map_err(|e| format!("{}: {e}", path.display()))
}

/// The bytes of a hex file.
pub(crate) fn read_hex(path: &std::path::Path) -> Result<Vec<u8>, String> {
	let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
	client::unhex(text.trim()).map_err(|e| format!("{}: {e}", path.display()))
}

/// Print where a call landed and its events.
pub(crate) fn report(included: &client::Included) {
	println!("in block #{} ({:?})", included.number, included.block);
	for event in &included.events {
		println!("  {event:?}");
	}
}

fn bounded<B: TryFrom<Vec<u64>>>(list: Vec<u64>) -> Result<B, ClientError> {
	B::try_from(list)
		.map_err(|_| ClientError::Rpc("too many programs in the terms (at most 16)".into()))
}

fn terms(terms: &pallet_chalice::TermsOf<Runtime>) -> String {
	match terms {
		pallet_chalice::UsageTerms::AnyProgram => "any program".into(),
		pallet_chalice::UsageTerms::OnlyPrograms(list) => {
			format!("only programs {:?}", list.to_vec())
		},
		pallet_chalice::UsageTerms::AllExcept(list) => {
			format!("all programs except {:?}", list.to_vec())
		},
	}
}

/// `amount` plancks as AETH with up to 12 decimals.
pub(crate) fn aeth(amount: Balance) -> String {
	let whole = amount / UNIT;
	let frac = amount % UNIT;
	if frac == 0 {
		format!("{whole} AETH")
	} else {
		let frac = format!("{frac:012}");
		format!("{whole}.{} AETH", frac.trim_end_matches('0'))
	}
}

fn aeth_str(value: &serde_json::Value) -> String {
	value
		.as_str()
		.and_then(|s| s.parse::<Balance>().ok())
		.map(aeth)
		.unwrap_or_else(|| value.to_string())
}

/// AETH as a decimal string (`1.5`, `0.000000000001`) to plancks.
fn parse_aeth(s: &str) -> Result<Balance, String> {
	let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
	if frac.len() > 12 || (whole.is_empty() && frac.is_empty()) {
		return Err(format!("{s}: not an AETH amount with at most 12 decimals"));
	}
	let digits = |d: &str| d.chars().all(|c| c.is_ascii_digit());
	if !digits(whole) || !digits(frac) {
		return Err(format!("{s}: not a number"));
	}
	let whole: Balance =
		if whole.is_empty() { 0 } else { whole.parse().map_err(|_| format!("{s}: too large"))? };
	let frac: Balance = format!("{frac:0<12}").parse().map_err(|_| format!("{s}: not a number"))?;
	whole
		.checked_mul(UNIT)
		.and_then(|w| w.checked_add(frac))
		.ok_or_else(|| format!("{s}: too large"))
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn amounts_parse_and_print() {
		assert_eq!(parse_aeth("1"), Ok(UNIT));
		assert_eq!(parse_aeth("1.5"), Ok(UNIT * 3 / 2));
		assert_eq!(parse_aeth("0.000000000001"), Ok(1));
		assert_eq!(parse_aeth(".25"), Ok(UNIT / 4));
		assert!(parse_aeth("0.0000000000001").is_err(), "13 decimals");
		assert!(parse_aeth("-1").is_err());
		assert!(parse_aeth("1e3").is_err());
		assert!(parse_aeth("").is_err());
		assert!(parse_aeth("999999999999999999999999999999").is_err(), "overflows u128");
		assert_eq!(aeth(UNIT * 3 / 2), "1.5 AETH");
		assert_eq!(aeth(2 * UNIT), "2 AETH");
		assert_eq!(aeth(1), "0.000000000001 AETH");
	}

	#[test]
	fn the_command_line_parses() {
		let cli = Cli::try_parse_from([
			"aether",
			"--suri",
			"//Bob",
			"data",
			"commit",
			"f.bin",
			"--price",
			"0.5",
			"--only-programs",
			"1,2",
		])
		.expect("parses");
		match cli.command {
			Command::Data(DataCommand::Commit { only_programs, .. }) => {
				assert_eq!(only_programs, vec![1, 2])
			},
			other => panic!("parsed as {other:?}"),
		}
		assert!(Cli::try_parse_from([
			"aether",
			"data",
			"commit",
			"f",
			"--price",
			"1",
			"--only-programs",
			"1",
			"--except-programs",
			"2",
		])
		.is_err());
	}
}
