//! `aether game …`: the game ledger from the command line.
//!
//! The chain keeps a session's state hash and each move's bytes (in its `MoveMade` event), never
//! the state itself. For the example games of `aether-games` (`--rules tictactoe|connect4`) the
//! shell rebuilds the state by replaying the moves from the initial state, so a player gives only
//! the move (a cell, a column) and the shell computes the new state, its hash and the outcome,
//! and, for a proved game, the Groth16 proof. Other games take the new state hash and outcome as
//! flags.
//!
//! A session's moves are found by scanning its blocks' events: from the block that created it
//! (found by bisecting on `NextSessionId`, which only grows) to the best block, or the block
//! where it ended.

use crate::client::{self, Client};
use aether_games::{ConnectFour, Illegal, Rules, TicTacToe};
use aether_runtime::{
	pallet_games::{self, GameParams, Outcome, SessionResult},
	AccountId, Balance, Runtime, RuntimeCall, RuntimeEvent,
};
use codec::Decode;
use polkadot_sdk::{
	frame_system::EventRecord,
	sp_core::{crypto::Ss58Codec, sr25519, Pair as _, H256},
};
use std::time::Duration;

type Error = Box<dyn std::error::Error>;

/// The games whose rules the shell knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Known {
	/// Tic-tac-toe: a move is a cell 0..=8 (row-major).
	Tictactoe,
	/// Connect four: a move is a column 0..=6.
	Connect4,
}

impl Known {
	pub(crate) fn initial(self) -> Vec<u8> {
		match self {
			Known::Tictactoe => TicTacToe::initial(),
			Known::Connect4 => ConnectFour::initial(),
		}
	}

	fn step(self, seat: u8, state: &[u8], mv: &[u8]) -> Result<(Vec<u8>, u8), Illegal> {
		match self {
			Known::Tictactoe => TicTacToe::step(seat, state, mv),
			Known::Connect4 => ConnectFour::step(seat, state, mv),
		}
	}

	/// The board as text, top row first.
	fn render(self, state: &[u8]) -> String {
		let mark = |c: u8| match c {
			1 => 'X',
			2 => 'O',
			_ => '.',
		};
		let (cols, rows, bottom_up) = match self {
			Known::Tictactoe => (3, 3, false),
			Known::Connect4 => (7, 6, true),
		};
		let mut out = String::new();
		for i in 0..rows {
			let r = if bottom_up { rows - 1 - i } else { i };
			out.push_str("    ");
			for c in 0..cols {
				out.push(state.get(r * cols + c).copied().map(mark).unwrap_or('?'));
				out.push(' ');
			}
			out.push('\n');
		}
		if bottom_up {
			out.push_str("    ");
			for c in 0..cols {
				out.push_str(&format!("{c} "));
			}
			out.push('\n');
		}
		out
	}
}

/// An outcome code (`aether_games`) as the pallet's outcome.
fn outcome_of(code: u8) -> Option<Outcome> {
	match code {
		0 => None,
		1 => Some(Outcome::Draw),
		k => Some(Outcome::Winner(k - 2)),
	}
}

/// `--outcome none|draw|win:K`.
pub fn parse_outcome(s: &str) -> Result<Option<Outcome>, String> {
	match s {
		"none" => Ok(None),
		"draw" => Ok(Some(Outcome::Draw)),
		_ => s
			.strip_prefix("win:")
			.and_then(|k| k.parse().ok())
			.map(|k| Some(Outcome::Winner(k)))
			.ok_or_else(|| format!("{s}: the outcome is none, draw or win:SEAT")),
	}
}

/// A 32-byte hash from hex.
pub fn parse_hash(s: &str) -> Result<[u8; 32], String> {
	client::unhex(s)
		.map_err(|e| e.to_string())?
		.try_into()
		.map_err(|_| format!("{s}: not 32 bytes"))
}

fn events_at(client: &Client, block: H256) -> Result<Vec<RuntimeEvent>, Error> {
	let key = polkadot_sdk::frame_support::storage::storage_prefix(b"System", b"Events");
	let raw = client.storage(&key, Some(block))?.unwrap_or_default();
	let records = Vec::<EventRecord<RuntimeEvent, H256>>::decode(&mut &raw[..])
		.map_err(|e| format!("cannot decode the events of {block:?}: {e}"))?;
	Ok(records.into_iter().map(|r| r.event).collect())
}

fn next_session_at(client: &Client, number: u32) -> Result<u64, Error> {
	let key = pallet_games::NextSessionId::<Runtime>::hashed_key();
	let raw = client.storage(&key, Some(client.block_hash(number)?))?.unwrap_or_default();
	Ok(if raw.is_empty() { 0 } else { u64::decode(&mut &raw[..])? })
}

/// The first block in which session `id` exists (`NextSessionId > id`).
fn creation_block(client: &Client, id: u64) -> Result<u32, Error> {
	let best = client.best_number()?;
	if next_session_at(client, best)? <= id {
		return Err(format!("no session {id} yet").into());
	}
	let (mut lo, mut hi) = (0u32, best);
	while lo < hi {
		let mid = lo + (hi - lo) / 2;
		if next_session_at(client, mid)? > id {
			hi = mid;
		} else {
			lo = mid + 1;
		}
	}
	Ok(lo)
}

/// A move as the chain recorded it.
pub struct MoveRecord {
	/// Its index in the session.
	pub index: u32,
	/// The mover's seat.
	pub seat: u8,
	/// The state hash before it.
	pub prev_hash: [u8; 32],
	/// Its bytes.
	pub bytes: Vec<u8>,
	/// The state hash after it.
	pub new_hash: [u8; 32],
	/// The outcome it claimed.
	pub outcome: Option<Outcome>,
	/// The block it is in.
	pub block: u32,
}

/// Everything the chain says about a session, from its events.
pub struct History {
	/// The game.
	pub game: u64,
	/// The initial state hash.
	pub initial_hash: [u8; 32],
	/// The moves of the current line of play (a load rewinds it), in order.
	pub moves: Vec<MoveRecord>,
	/// How it ended, if it did, and in which block.
	pub ended: Option<(SessionResult, Vec<(AccountId, Balance)>, u32)>,
}

/// Scan the session's blocks for its events.
pub fn history(client: &Client, id: u64) -> Result<History, Error> {
	let start = creation_block(client, id)?;
	let best = client.best_number()?;
	let mut h = History { game: 0, initial_hash: [0; 32], moves: Vec::new(), ended: None };
	for number in start..=best {
		for event in events_at(client, client.block_hash(number)?)? {
			let RuntimeEvent::Games(event) = event else { continue };
			match event {
				pallet_games::Event::SessionCreated { session, game, initial_hash, .. }
					if session == id =>
				{
					h.game = game;
					h.initial_hash = initial_hash;
				},
				pallet_games::Event::MoveMade {
					session,
					index,
					seat,
					prev_hash,
					move_bytes,
					new_hash,
					outcome,
					..
				} if session == id => {
					// A load rewinds the line: a move replaces the one of its index and after.
					h.moves.truncate(index as usize);
					h.moves.push(MoveRecord {
						index,
						seat,
						prev_hash,
						bytes: move_bytes.into_inner(),
						new_hash,
						outcome,
						block: number,
					});
				},
				pallet_games::Event::SessionEnded { session, result, payouts } if session == id => {
					h.ended = Some((result, payouts, number));
					return Ok(h);
				},
				_ => {},
			}
		}
	}
	Ok(h)
}

/// Replay `history` with `rules`: the states after each move, checked against the chain's
/// hashes. An error names the first move that does not agree.
pub fn replay(rules: Known, h: &History) -> Result<Vec<Vec<u8>>, String> {
	let mut state = rules.initial();
	if aether_games::state_hash(&state) != h.initial_hash {
		return Err(format!(
			"the session did not start from the initial {rules:?} state (its hash is {})",
			client::hex(&h.initial_hash)
		));
	}
	let mut states = vec![state.clone()];
	for (i, m) in h.moves.iter().enumerate() {
		if m.index as usize != i {
			return Err(format!("move {i} is missing (found index {})", m.index));
		}
		if m.prev_hash != aether_games::state_hash(&state) {
			return Err(format!("move {i}: its previous hash is not the state before it"));
		}
		let (next, code) = rules
			.step(m.seat, &state, &m.bytes)
			.map_err(|e| format!("move {i} by seat {} is illegal: {e:?}", m.seat))?;
		if aether_games::state_hash(&next) != m.new_hash {
			return Err(format!("move {i}: the claimed new hash is not the rules' state"));
		}
		if outcome_of(code) != m.outcome {
			return Err(format!(
				"move {i}: claimed outcome {:?}, the rules say {:?}",
				m.outcome,
				outcome_of(code)
			));
		}
		state = next;
		states.push(state.clone());
	}
	Ok(states)
}

fn name(account: &AccountId) -> String {
	account.to_ss58check()
}

/// `game list`: registered games and live sessions.
pub fn list(client: &Client) -> Result<(), Error> {
	let next_game: u64 =
		client.storage_as(&pallet_games::NextGameId::<Runtime>::hashed_key())?.unwrap_or(0);
	println!("games:");
	for id in 0..next_game {
		if let Some(g) = client.storage_as::<pallet_games::GameOf<Runtime>>(
			&pallet_games::Games::<Runtime>::hashed_key_for(id),
		)? {
			println!(
				"  {id}: rules program {}, {}, {}–{} seats, {} open sessions, owner {}",
				g.rules_program,
				match g.move_vk {
					Some(vk) => format!("proved (key {vk})"),
					None => "optimistic".into(),
				},
				g.params.min_seats,
				g.params.max_seats,
				g.open_sessions,
				name(&g.owner)
			);
		}
	}
	let next_session: u64 =
		client.storage_as(&pallet_games::NextSessionId::<Runtime>::hashed_key())?.unwrap_or(0);
	println!("live sessions:");
	for id in next_session.saturating_sub(100)..next_session {
		if let Some(s) = session(client, id)? {
			println!(
				"  {id}: game {}, {:?}, {}/{} players, stake {}, {} moves",
				s.game,
				s.status,
				s.players.len(),
				s.seats,
				crate::aeth(s.stake),
				s.moves
			);
		}
	}
	Ok(())
}

fn session(client: &Client, id: u64) -> Result<Option<pallet_games::SessionOf<Runtime>>, Error> {
	Ok(client.storage_as(&pallet_games::Sessions::<Runtime>::hashed_key_for(id))?)
}

fn game(client: &Client, id: u64) -> Result<pallet_games::GameOf<Runtime>, Error> {
	client
		.storage_as(&pallet_games::Games::<Runtime>::hashed_key_for(id))?
		.ok_or_else(|| format!("no game {id}").into())
}

/// `game register`: a game with rules program `program`.
pub fn register(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	program: u64,
	move_vk: Option<u64>,
	params: GameParams,
) -> Result<(), Error> {
	let call = RuntimeCall::Games(pallet_games::Call::register_game {
		rules_program: program,
		move_vk,
		params,
	});
	let included = client.submit(call, signer, timeout)?;
	crate::report(&included);
	for event in &included.events {
		if let RuntimeEvent::Games(pallet_games::Event::GameRegistered { game, .. }) = event {
			println!("game id: {game}");
		}
	}
	Ok(())
}

/// `game create`.
pub fn create(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	game_id: u64,
	stake: Balance,
	seats: u8,
	initial_hash: Option<[u8; 32]>,
) -> Result<(), Error> {
	let initial_hash = initial_hash.unwrap_or(game(client, game_id)?.params.initial_hash);
	let call = RuntimeCall::Games(pallet_games::Call::create_session {
		game: game_id,
		stake,
		initial_state_hash: initial_hash,
		seats,
	});
	let included = client.submit(call, signer, timeout)?;
	crate::report(&included);
	for event in &included.events {
		if let RuntimeEvent::Games(pallet_games::Event::SessionCreated { session, .. }) = event {
			println!("session id: {session}");
		}
	}
	Ok(())
}

/// `game queue`: wait for an opponent; prints the session when the chain pairs the caller at
/// once.
pub fn queue(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	game_id: u64,
	stake: Balance,
) -> Result<(), Error> {
	let call = RuntimeCall::Games(pallet_games::Call::queue { game: game_id, stake });
	let included = client.submit(call, signer, timeout)?;
	crate::report(&included);
	for event in &included.events {
		match event {
			RuntimeEvent::Games(pallet_games::Event::Matched { session, .. }) => {
				println!("matched: session id: {session}")
			},
			RuntimeEvent::Games(pallet_games::Event::Queued { .. }) => {
				println!("queued: waiting for an opponent within the rating window")
			},
			_ => {},
		}
	}
	Ok(())
}

/// `game leave-queue`.
pub fn leave_queue(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	game_id: u64,
) -> Result<(), Error> {
	let call = RuntimeCall::Games(pallet_games::Call::leave_queue { game: game_id });
	crate::report(&client.submit(call, signer, timeout)?);
	Ok(())
}

/// `game join`.
pub fn join(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	id: u64,
) -> Result<(), Error> {
	let call = RuntimeCall::Games(pallet_games::Call::join { session: id });
	crate::report(&client.submit(call, signer, timeout)?);
	Ok(())
}

/// What `game move` sends, before the proof.
pub struct MoveRequest {
	/// The session.
	pub session: u64,
	/// The move's bytes.
	pub bytes: Vec<u8>,
	/// The rules the shell applies, if it knows the game.
	pub rules: Option<Known>,
	/// Otherwise: the new state hash.
	pub new_hash: Option<[u8; 32]>,
	/// Otherwise: the outcome.
	pub outcome: Option<Outcome>,
	/// A proof file (compressed Groth16), for a proved game.
	pub proof: Option<Vec<u8>>,
	/// A proving key, for a proved game whose rules the shell knows: the shell proves the move.
	pub proving_key: Option<std::path::PathBuf>,
}

/// `game move`.
pub fn make_move(
	client: &Client,
	signer: &sr25519::Pair,
	timeout: Duration,
	req: MoveRequest,
) -> Result<(), Error> {
	let s =
		session(client, req.session)?.ok_or_else(|| format!("no live session {}", req.session))?;
	let g = game(client, s.game)?;
	let me: AccountId = signer.public().into();
	let seat = (s.moves % u32::from(s.seats.max(1))) as u8;
	if s.players.get(seat as usize) != Some(&me) {
		eprintln!("note: it is seat {seat}'s turn, and {} is not seat {seat}", name(&me));
	}
	let (new_hash, outcome, prev_state) = match req.rules {
		Some(rules) => {
			let h = history(client, req.session)?;
			let states = replay(rules, &h)?;
			let state = states.last().cloned().unwrap_or_else(|| rules.initial());
			let (next, code) = rules
				.step(seat, &state, &req.bytes)
				.map_err(|e| format!("the move is illegal for seat {seat}: {e:?}"))?;
			println!("board after the move:\n{}", rules.render(&next));
			(aether_games::state_hash(&next), outcome_of(code), Some(state))
		},
		None => (
			req.new_hash.ok_or("give --new-hash (or --rules for a game the shell knows)")?,
			req.outcome,
			None,
		),
	};
	let proof = match (g.move_vk, req.proof, req.proving_key) {
		(None, _, _) => None,
		(Some(_), Some(proof), _) => Some(proof),
		(Some(_), None, Some(pk)) => {
			if req.rules != Some(Known::Tictactoe) {
				return Err("the shell proves tic-tac-toe moves (--rules tictactoe)".into());
			}
			let state = prev_state.ok_or("proving needs --rules")?;
			Some(prove_tictactoe(&pk, seat, &state, &req.bytes)?)
		},
		(Some(vk), None, None) => {
			return Err(format!(
				"game {} is proved (key {vk}): give --proving-key or --proof",
				s.game
			)
			.into())
		},
	};
	let call = RuntimeCall::Games(pallet_games::Call::make_move {
		session: req.session,
		index: s.moves,
		prev_hash: s.head,
		move_bytes: req.bytes.try_into().map_err(|_| "move longer than the chain accepts")?,
		new_hash,
		outcome,
		proof: proof
			.map(|p| p.try_into().map_err(|_| "proof longer than the chain accepts"))
			.transpose()?,
	});
	let included = client.submit(call, signer, timeout)?;
	crate::report(&included);
	Ok(())
}

/// A Groth16 proof of a tic-tac-toe move with the proving key at `pk` (the `tictactoe` move
/// circuit of `aether-circuits`, whose input is the rules program's).
fn prove_tictactoe(
	pk: &std::path::Path,
	seat: u8,
	state: &[u8],
	mv: &[u8],
) -> Result<Vec<u8>, Error> {
	let key = std::fs::read(pk).map_err(|e| format!("{}: {e}", pk.display()))?;
	let started = std::time::Instant::now();
	let (proof, _) = aether_circuits::prove(
		aether_circuits::CircuitKind::TicTacToe,
		&key,
		&aether_games::rules_input(seat, state, mv),
	)
	.map_err(|e| format!("cannot prove the move: {e:?}"))?;
	println!("proved the move in {:.1} s", started.elapsed().as_secs_f64());
	Ok(proof)
}

/// `game show`.
pub fn show(client: &Client, id: u64, rules: Option<Known>) -> Result<(), Error> {
	let Some(s) = session(client, id)? else {
		let h = history(client, id)?;
		match h.ended {
			Some((result, payouts, block)) => {
				println!("session {id} (game {}) ended in block #{block}: {result:?}", h.game);
				for (who, amount) in payouts {
					println!("  {} received {}", name(&who), crate::aeth(amount));
				}
			},
			None => println!("session {id} is not live"),
		}
		return Ok(());
	};
	println!("session {id}");
	println!("  game:        {}", s.game);
	println!("  status:      {:?}", s.status);
	println!("  seats:       {} ({} taken)", s.seats, s.players.len());
	for (seat, p) in s.players.iter().enumerate() {
		println!("    seat {seat}: {}", name(p));
	}
	println!("  stake:       {}", crate::aeth(s.stake));
	println!("  moves:       {} (seat {} to move)", s.moves, s.moves % u32::from(s.seats.max(1)));
	println!("  head:        {}", client::hex(&s.head));
	println!("  last move:   #{}", s.last_move_at);
	if let Some(c) = s.challenge {
		println!("  challenge:   {c} under way; the session is frozen");
	}
	let pending: pallet_games::PendingOf<Runtime> = client
		.storage_as(&pallet_games::PendingMoves::<Runtime>::hashed_key_for(id))?
		.unwrap_or_default();
	for p in pending.iter() {
		println!(
			"  pending move {} by seat {}: challengeable until #{}",
			p.index, p.seat, p.deadline
		);
	}
	if let Some(rules) = rules {
		let states = replay(rules, &history(client, id)?)?;
		if let Some(state) = states.last() {
			println!("  board:\n{}", rules.render(state));
		}
	}
	Ok(())
}

/// `game replay`: the session's hash chain, checked link by link, and with `rules` every state.
pub fn replay_cmd(client: &Client, id: u64, rules: Option<Known>) -> Result<(), Error> {
	let h = history(client, id)?;
	println!("session {id} of game {}: {} moves", h.game, h.moves.len());
	println!("  initial {}", client::hex(&h.initial_hash));
	let mut head = h.initial_hash;
	for m in &h.moves {
		let link = if m.prev_hash == head { "ok" } else { "BROKEN" };
		println!(
			"  #{:<3} seat {} move {} -> {} [{link}] block #{}{}",
			m.index,
			m.seat,
			client::hex(&m.bytes),
			client::hex(&m.new_hash),
			m.block,
			m.outcome.map(|o| format!(" {o:?}")).unwrap_or_default()
		);
		if m.prev_hash != head {
			return Err(format!("the chain is broken at move {}", m.index).into());
		}
		head = m.new_hash;
	}
	if let Some(s) = session(client, id)? {
		if s.head != head {
			return Err("the replayed head is not the session's head".into());
		}
		println!("  head matches the chain's: {}", client::hex(&head));
	}
	if let Some(rules) = rules {
		let states = replay(rules, &h).map_err(|e| format!("the rules disagree: {e}"))?;
		println!("  every move is legal under {rules:?} and every hash is the rules' state");
		if let Some(state) = states.last() {
			println!("{}", rules.render(state));
		}
	}
	if let Some((result, payouts, block)) = h.ended {
		println!("  ended in block #{block}: {result:?}");
		for (who, amount) in payouts {
			println!("    {} received {}", name(&who), crate::aeth(amount));
		}
	}
	Ok(())
}
