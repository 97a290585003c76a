//! Benchmarks of the games pallet, each on its worst path: `p` players to pay, the most saves and
//! a load proposal to remove, a full list of pending moves to read and rewrite, the longest
//! moves and pre-states to hash.
//!
//! A proved move is measured without its pairing check (`make_move_proved` runs the checks and
//! the bookkeeping of a terminal proved move, in a `#[block]`): the call's weight adds
//! `T::Verifier::verify_weight(MOVE_PROOF_INPUTS)`, the verifier's own benchmarked figure, so a
//! benchmark needs no valid proof. `challenge` includes the submission of the rules command by
//! [`Config::Rules`] (in the runtime: pallet-commands, with the executors
//! [`RulesRunner::benchmark_program`] registers).
//!
//! Matchmaking is measured with a full queue whose partner is its last entry; tournaments at
//! [`Config::MaxTournamentSize`]: the entry that starts one, and the end of a match session
//! (`tournament_round`: the last match of round 1 decided and round 2 created;
//! `tournament_final`: the final decided and the pool paid), each with both players waiting in
//! full queues of the game, whose entries' ratings are then rewritten.

use super::*;
use frame_benchmarking::v2::*;
use frame_system::RawOrigin;
use polkadot_sdk::{
	frame_benchmarking,
	frame_support::traits::{fungible::Mutate, Get},
};

/// Fuel of the benchmark games' rules runs.
const FUEL: u64 = 100_000;

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let ten: BalanceOf<T> = 10u32.into();
	let amount = T::Currency::minimum_balance()
		.saturating_mul(1_000_000u32.into())
		.saturating_add(T::MinStake::get().saturating_mul(ten))
		.saturating_add(T::ChallengeBond::get().saturating_mul(ten))
		.saturating_add(T::ChallengeFee::get().saturating_mul(ten))
		.saturating_add(T::GameDeposit::get().saturating_mul(ten))
		.saturating_add(T::SessionDeposit::get().saturating_mul(ten))
		.saturating_add(T::TournamentDeposit::get().saturating_mul(ten));
	let _ = T::Currency::mint_into(&who, amount);
	who
}

fn max_players<T: Config>() -> u32 {
	T::MaxPlayers::get()
}

/// A game of any number of seats, proved (`vk`) or optimistic.
fn game<T: Config>(vk: bool) -> Result<GameId, BenchmarkError> {
	let owner = funded::<T>("owner", 0);
	let program = T::Rules::benchmark_program(&owner, T::ChallengeRedundancy::get());
	let move_vk = vk.then(|| T::BenchmarkHelper::move_key(&owner));
	let id = NextGameId::<T>::get();
	let params = GameParams {
		min_seats: 2,
		max_seats: max_players::<T>() as Seat,
		rules_fuel: FUEL,
		initial_hash: hash_after(u32::MAX),
	};
	Pallet::<T>::register_game(RawOrigin::Signed(owner).into(), program, move_vk, params)
		.map_err(|_| BenchmarkError::Stop("the benchmark game registers"))?;
	Ok(id)
}

/// A session of `game` with `seats` seats from `initial`, with `joined` players seated (the
/// creator included); started when `joined == seats`.
fn session<T: Config>(
	game: GameId,
	seats: u32,
	joined: u32,
	initial: [u8; 32],
) -> Result<(SessionId, Vec<T::AccountId>), BenchmarkError> {
	let players: Vec<T::AccountId> = (0..joined).map(|i| funded::<T>("player", i)).collect();
	let creator = players.first().cloned().ok_or(BenchmarkError::Stop("a creator"))?;
	let id = NextSessionId::<T>::get();
	Pallet::<T>::create_session(
		RawOrigin::Signed(creator).into(),
		game,
		T::MinStake::get(),
		initial,
		seats as Seat,
	)
	.map_err(|_| BenchmarkError::Stop("the session is created"))?;
	for p in players.iter().skip(1) {
		Pallet::<T>::join(RawOrigin::Signed(p.clone()).into(), id)
			.map_err(|_| BenchmarkError::Stop("players join"))?;
	}
	Ok((id, players))
}

/// The state hash after move `index` of the benchmark sessions.
fn hash_after(index: u32) -> [u8; 32] {
	sha256(&index.to_le_bytes())
}

/// Plays optimistic moves `from..to` (small moves), the last with `last_outcome`.
fn play<T: Config>(
	session: SessionId,
	players: &[T::AccountId],
	from: u32,
	to: u32,
	last_outcome: Option<Outcome>,
) -> Result<(), BenchmarkError> {
	for index in from..to {
		let mover = players
			.get((index as usize) % players.len())
			.cloned()
			.ok_or(BenchmarkError::Stop("a mover"))?;
		let prev = Sessions::<T>::get(session).ok_or(BenchmarkError::Stop("live"))?.head;
		let outcome = if index + 1 == to { last_outcome } else { None };
		Pallet::<T>::make_move(
			RawOrigin::Signed(mover).into(),
			session,
			index,
			prev,
			MoveOf::<T>::truncate_from(alloc::vec![index as u8]),
			hash_after(index),
			outcome,
			None,
		)
		.map_err(|_| BenchmarkError::Stop("the setup moves are legal"))?;
	}
	Ok(())
}

/// `count` saves of the head by `who`.
fn saves<T: Config>(
	session: SessionId,
	who: &T::AccountId,
	count: u32,
) -> Result<(), BenchmarkError> {
	for _ in 0..count {
		let head = Sessions::<T>::get(session).ok_or(BenchmarkError::Stop("live"))?.head;
		Pallet::<T>::save_state(
			RawOrigin::Signed(who.clone()).into(),
			session,
			head,
			Blob::truncate_from(alloc::vec![b'x'; MAX_BLOB_LEN as usize]),
		)
		.map_err(|_| BenchmarkError::Stop("saves fit"))?;
	}
	Ok(())
}

/// Fills the queue of `game` and `stake` with `count` accounts called `name`, rated `base` plus
/// multiples of more than the window: none pairs with another or with anyone rated `base` or
/// less.
fn fill_queue<T: Config>(
	game: GameId,
	stake: BalanceOf<T>,
	name: &'static str,
	count: u32,
	base: u32,
) -> Result<(), BenchmarkError> {
	let step = T::RatingWindow::get().saturating_add(1);
	for i in 0..count {
		let who = funded::<T>(name, i);
		let rating = base.saturating_add(step.saturating_mul(i.saturating_add(1)));
		Ratings::<T>::insert(game, &who, rating);
		Pallet::<T>::queue(RawOrigin::Signed(who).into(), game, stake)
			.map_err(|_| BenchmarkError::Stop("the queue fills"))?;
	}
	Ok(())
}

fn max_tournament<T: Config>() -> u32 {
	T::MaxTournamentSize::get()
}

/// A tournament of the largest size of `game` with `joined` players, rated in increasing order
/// of entry (the seeding reverses them). Returns it and its creator.
fn tournament<T: Config>(
	game: GameId,
	joined: u32,
) -> Result<(TournamentId, T::AccountId), BenchmarkError> {
	let creator = funded::<T>("creator", 0);
	let id = NextTournamentId::<T>::get();
	Pallet::<T>::create_tournament(
		RawOrigin::Signed(creator.clone()).into(),
		game,
		max_tournament::<T>(),
		T::MinStake::get(),
	)
	.map_err(|_| BenchmarkError::Stop("the tournament is created"))?;
	for i in 0..joined {
		let who = funded::<T>("entrant", i);
		Ratings::<T>::insert(game, &who, T::InitialRating::get().saturating_add(i));
		Pallet::<T>::join_tournament(RawOrigin::Signed(who).into(), id)
			.map_err(|_| BenchmarkError::Stop("players enter"))?;
	}
	Ok((id, creator))
}

/// Decides every match of the tournament's current round but the last `keep` (seat 1 resigns).
fn play_round<T: Config>(id: TournamentId, keep: usize) -> Result<(), BenchmarkError> {
	let t = Tournaments::<T>::get(id).ok_or(BenchmarkError::Stop("running"))?;
	let decide = t.matches.len().saturating_sub(keep);
	for m in t.matches.iter().take(decide) {
		let s = Sessions::<T>::get(m.session).ok_or(BenchmarkError::Stop("a match"))?;
		let second = s.players.get(1).cloned().ok_or(BenchmarkError::Stop("seat 1"))?;
		Pallet::<T>::resign(RawOrigin::Signed(second).into(), m.session)
			.map_err(|_| BenchmarkError::Stop("a player resigns"))?;
	}
	Ok(())
}

/// The last undecided match of a running tournament, with both its players waiting in full
/// queues of the game (their entries' ratings are rewritten when it ends).
fn last_match<T: Config>(
	game: GameId,
	id: TournamentId,
) -> Result<(SessionId, SessionOf<T>), BenchmarkError> {
	let t = Tournaments::<T>::get(id).ok_or(BenchmarkError::Stop("running"))?;
	let session = t.matches.last().map(|m| m.session).ok_or(BenchmarkError::Stop("a match"))?;
	let s = Sessions::<T>::get(session).ok_or(BenchmarkError::Stop("a match"))?;
	let base = T::InitialRating::get().saturating_add(max_tournament::<T>());
	let others = T::MaxQueueLen::get().saturating_sub(1);
	let names = ["waiting-0", "waiting-1"];
	for (k, (player, name)) in s.players.iter().zip(names).enumerate() {
		let stake = T::MinStake::get().saturating_mul((k as u32 + 2).into());
		fill_queue::<T>(game, stake, name, others, base)?;
		Pallet::<T>::queue(RawOrigin::Signed(player.clone()).into(), game, stake)
			.map_err(|_| BenchmarkError::Stop("a finalist queues"))?;
	}
	Ok((session, s))
}

/// A started optimistic session of `p` players from the empty state, with a full list of pending
/// moves, the most saves (the first before any move) and a load proposal: everything an ending
/// removes.
fn loaded_session<T: Config>(p: u32) -> Result<(SessionId, Vec<T::AccountId>), BenchmarkError> {
	let game = game::<T>(false)?;
	let (session, players) = session::<T>(game, p, p, sha256(&[]))?;
	let first = players.first().cloned().ok_or(BenchmarkError::Stop("a player"))?;
	saves::<T>(session, &first, 1)?;
	play::<T>(session, &players, 0, T::MaxPendingMoves::get(), None)?;
	saves::<T>(session, &first, T::MaxSaves::get().saturating_sub(1))?;
	let save = SessionSaves::<T>::get(session).first().copied().unwrap_or_default();
	Pallet::<T>::load_state(RawOrigin::Signed(first).into(), session, save)
		.map_err(|_| BenchmarkError::Stop("a load is proposed"))?;
	Ok((session, players))
}

#[benchmarks]
mod benchmarks {
	use super::*;

	/// A proved game: the key's input count is read and the key pinned, the program pinned.
	#[benchmark]
	fn register_game() -> Result<(), BenchmarkError> {
		let owner = funded::<T>("owner", 0);
		let program = T::Rules::benchmark_program(&owner, T::ChallengeRedundancy::get());
		let vk = T::BenchmarkHelper::move_key(&owner);
		let params = GameParams {
			min_seats: 2,
			max_seats: max_players::<T>() as Seat,
			rules_fuel: FUEL,
			initial_hash: hash_after(u32::MAX),
		};
		let id = NextGameId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), program, Some(vk), params);
		assert!(Games::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn unregister_game() -> Result<(), BenchmarkError> {
		let id = game::<T>(true)?;
		let owner = funded::<T>("owner", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(!Games::<T>::contains_key(id));
		Ok(())
	}

	#[benchmark]
	fn create_session() -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let creator = funded::<T>("player", 0);
		let id = NextSessionId::<T>::get();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(creator),
			game,
			T::MinStake::get(),
			hash_after(u32::MAX),
			max_players::<T>() as Seat,
		);
		assert!(Sessions::<T>::contains_key(id));
		Ok(())
	}

	/// The joiner that takes the last of `p` seats and starts the session.
	#[benchmark]
	fn join(p: Linear<2, { max_players::<T>() }>) -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (session, _) = session::<T>(game, p, p - 1, hash_after(u32::MAX))?;
		let last = funded::<T>("player", p - 1);
		#[extrinsic_call]
		_(RawOrigin::Signed(last), session);
		let s = Sessions::<T>::get(session).ok_or(BenchmarkError::Stop("live"))?;
		assert_eq!(s.status, SessionStatus::Active);
		Ok(())
	}

	/// The creator cancels an open session with `p` players seated: `p` refunds.
	#[benchmark]
	fn leave(p: Linear<1, { max_players::<T>() - 1 }>) -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (session, players) = session::<T>(game, max_players::<T>(), p, hash_after(u32::MAX))?;
		let creator = players.first().cloned().ok_or(BenchmarkError::Stop("a creator"))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(creator), session);
		assert!(!Sessions::<T>::contains_key(session));
		Ok(())
	}

	/// An optimistic move of `m` bytes onto a full list of pending moves whose oldest has just
	/// matured (dropped, then the new move appended).
	#[benchmark]
	fn make_move_optimistic(m: Linear<0, { T::MaxMoveLen::get() }>) -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (session, players) = session::<T>(game, 2, 2, hash_after(u32::MAX))?;
		let start = frame_system::Pallet::<T>::block_number();
		play::<T>(session, &players, 0, 1, None)?;
		frame_system::Pallet::<T>::set_block_number(start.saturating_add(1u32.into()));
		let full = T::MaxPendingMoves::get();
		play::<T>(session, &players, 1, full, None)?;
		let now = start.saturating_add(T::ChallengeWindow::get()).saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(now);
		let mover = players
			.get((full as usize) % players.len())
			.cloned()
			.ok_or(BenchmarkError::Stop("a mover"))?;
		let prev = Sessions::<T>::get(session).ok_or(BenchmarkError::Stop("live"))?.head;
		let bytes = MoveOf::<T>::truncate_from(alloc::vec![7u8; m as usize]);
		#[extrinsic_call]
		make_move(
			RawOrigin::Signed(mover),
			session,
			full,
			prev,
			bytes,
			hash_after(full),
			None,
			None,
		);
		assert_eq!(PendingMoves::<T>::get(session).len() as u32, full);
		Ok(())
	}

	/// A proved terminal move of `m` bytes ending a session of `p` players that has the most
	/// saves and a load proposal: the checks and the payout, without the pairing check (added
	/// to the call's weight from the verifier's benchmark).
	#[benchmark]
	fn make_move_proved(
		m: Linear<0, { T::MaxMoveLen::get() }>,
		p: Linear<2, { max_players::<T>() }>,
	) -> Result<(), BenchmarkError> {
		let game = game::<T>(true)?;
		let (session, players) = session::<T>(game, p, p, hash_after(u32::MAX))?;
		let first = players.first().cloned().ok_or(BenchmarkError::Stop("a player"))?;
		saves::<T>(session, &first, T::MaxSaves::get())?;
		let save = SessionSaves::<T>::get(session).first().copied().unwrap_or_default();
		Pallet::<T>::load_state(RawOrigin::Signed(first.clone()).into(), session, save)
			.map_err(|_| BenchmarkError::Stop("a load is proposed"))?;
		let bytes = MoveOf::<T>::truncate_from(alloc::vec![7u8; m as usize]);
		let prev = hash_after(u32::MAX);
		#[block]
		{
			let claim = MoveClaim {
				index: 0,
				prev_hash: prev,
				move_hash: sha256(&bytes),
				new_hash: hash_after(0),
				outcome: Some(Outcome::Winner(0)),
			};
			let (s, info, seat) = Pallet::<T>::check_move(&first, session, &claim)
				.map_err(|_| BenchmarkError::Stop("the move is legal"))?;
			Pallet::<T>::apply_move(session, s, &info, seat, first.clone(), claim, bytes)
				.map_err(|_| BenchmarkError::Stop("the move applies"))?;
		}
		assert!(!Sessions::<T>::contains_key(session));
		Ok(())
	}

	/// A challenge of a move of `m` bytes from a pre-state of `s` bytes, with a full list of
	/// pending moves; the rules command is submitted.
	#[benchmark]
	fn challenge(
		s: Linear<0, { T::MaxStateLen::get() }>,
		m: Linear<0, { T::MaxMoveLen::get() }>,
	) -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let pre_state = StateOf::<T>::truncate_from(alloc::vec![5u8; s as usize]);
		let (session, players) = session::<T>(game, 2, 2, sha256(&pre_state))?;
		let mover = players.first().cloned().ok_or(BenchmarkError::Stop("a mover"))?;
		let challenger = players.get(1).cloned().ok_or(BenchmarkError::Stop("a challenger"))?;
		let bytes = MoveOf::<T>::truncate_from(alloc::vec![7u8; m as usize]);
		Pallet::<T>::make_move(
			RawOrigin::Signed(mover).into(),
			session,
			0,
			sha256(&pre_state),
			bytes.clone(),
			hash_after(0),
			None,
			None,
		)
		.map_err(|_| BenchmarkError::Stop("the first move is legal"))?;
		play::<T>(session, &players, 1, T::MaxPendingMoves::get(), None)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(challenger), session, 0, pre_state, bytes);
		assert!(Sessions::<T>::get(session).and_then(|s| s.challenge).is_some());
		Ok(())
	}

	#[benchmark]
	fn save_state() -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (session, players) = session::<T>(game, 2, 2, hash_after(u32::MAX))?;
		let first = players.first().cloned().ok_or(BenchmarkError::Stop("a player"))?;
		saves::<T>(session, &first, T::MaxSaves::get().saturating_sub(1))?;
		let blob = Blob::truncate_from(alloc::vec![b'x'; MAX_BLOB_LEN as usize]);
		#[extrinsic_call]
		_(RawOrigin::Signed(first), session, hash_after(u32::MAX), blob);
		assert_eq!(SessionSaves::<T>::get(session).len() as u32, T::MaxSaves::get());
		Ok(())
	}

	/// The last of `p` approvals: the rewind drops every pending move and every later save.
	#[benchmark]
	fn load_state(p: Linear<2, { max_players::<T>() }>) -> Result<(), BenchmarkError> {
		let (session, players) = loaded_session::<T>(p)?;
		let save = SessionSaves::<T>::get(session).first().copied().unwrap_or_default();
		for player in players.iter().take(p as usize - 1).skip(1) {
			Pallet::<T>::load_state(RawOrigin::Signed(player.clone()).into(), session, save)
				.map_err(|_| BenchmarkError::Stop("players approve"))?;
		}
		let last = players.last().cloned().ok_or(BenchmarkError::Stop("a player"))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(last), session, save);
		assert_eq!(Sessions::<T>::get(session).map(|s| s.moves), Some(0));
		Ok(())
	}

	#[benchmark]
	fn resign(p: Linear<2, { max_players::<T>() }>) -> Result<(), BenchmarkError> {
		let (session, players) = loaded_session::<T>(p)?;
		let first = players.first().cloned().ok_or(BenchmarkError::Stop("a player"))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(first), session);
		assert!(!Sessions::<T>::contains_key(session));
		Ok(())
	}

	#[benchmark]
	fn claim_timeout(p: Linear<2, { max_players::<T>() }>) -> Result<(), BenchmarkError> {
		let (session, players) = loaded_session::<T>(p)?;
		let s = Sessions::<T>::get(session).ok_or(BenchmarkError::Stop("live"))?;
		let to_move = (s.moves % p) as usize;
		let claimant = players
			.get((to_move + 1) % players.len())
			.cloned()
			.ok_or(BenchmarkError::Stop("a claimant"))?;
		let late = s.last_move_at.saturating_add(T::MoveTimeout::get()).saturating_add(1u32.into());
		frame_system::Pallet::<T>::set_block_number(late);
		#[extrinsic_call]
		_(RawOrigin::Signed(claimant), session);
		assert!(!Sessions::<T>::contains_key(session));
		Ok(())
	}

	/// Finalizing an optimistic terminal move at the end of a full list of pending moves.
	#[benchmark]
	fn finalize(p: Linear<2, { max_players::<T>() }>) -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (session, players) = session::<T>(game, p, p, hash_after(u32::MAX))?;
		let first = players.first().cloned().ok_or(BenchmarkError::Stop("a player"))?;
		saves::<T>(session, &first, T::MaxSaves::get())?;
		play::<T>(session, &players, 0, T::MaxPendingMoves::get(), Some(Outcome::Winner(0)))?;
		let now = frame_system::Pallet::<T>::block_number();
		frame_system::Pallet::<T>::set_block_number(
			now.saturating_add(T::ChallengeWindow::get()).saturating_add(1u32.into()),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(first), session);
		assert!(!Sessions::<T>::contains_key(session));
		Ok(())
	}

	/// The settlement of a challenge that convicts the mover: the session of `p` players, with
	/// the most saves, a load proposal and a full list of pending moves, is forfeited and
	/// removed. This is [`OnCommandSettled::weight`], added to the command pallet's reports and
	/// time-outs.
	#[benchmark]
	fn resolve_challenge(p: Linear<2, { max_players::<T>() }>) -> Result<(), BenchmarkError> {
		let (session, players) = loaded_session::<T>(p)?;
		let challenger = players.get(1).cloned().ok_or(BenchmarkError::Stop("a challenger"))?;
		// Move 0, by seat 0, was `[0]` from the empty initial state.
		let pre_state = StateOf::<T>::default();
		let bytes = MoveOf::<T>::truncate_from(alloc::vec![0u8]);
		Pallet::<T>::challenge(RawOrigin::Signed(challenger).into(), session, 0, pre_state, bytes)
			.map_err(|_| BenchmarkError::Stop("the challenge opens"))?;
		let open = Sessions::<T>::get(session)
			.and_then(|s| s.challenge)
			.ok_or(BenchmarkError::Stop("challenged"))?;
		let command = Challenges::<T>::get(open)
			.map(|c| c.command)
			.ok_or(BenchmarkError::Stop("a command"))?;
		#[block]
		{
			<Pallet<T> as OnCommandSettled>::on_command_settled(
				command,
				CommandOutcome::Settled { exit: ExitStatus::Trapped, output_hash: [0; 32] },
			);
		}
		assert!(!Sessions::<T>::contains_key(session));
		Ok(())
	}

	/// The caller pairs with the last entry of a full queue: every entry is compared, then the
	/// session is created and started.
	#[benchmark]
	fn queue(q: Linear<1, { T::MaxQueueLen::get() }>) -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let stake = T::MinStake::get();
		fill_queue::<T>(game, stake, "waiting", q - 1, T::InitialRating::get())?;
		let partner = funded::<T>("partner", 0);
		Pallet::<T>::queue(RawOrigin::Signed(partner).into(), game, stake)
			.map_err(|_| BenchmarkError::Stop("the partner queues"))?;
		let caller = funded::<T>("caller", 0);
		let session = NextSessionId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), game, stake);
		assert!(Sessions::<T>::contains_key(session));
		assert_eq!(Queues::<T>::get(game, stake).len() as u32, q - 1);
		Ok(())
	}

	/// The last entry of a full queue leaves.
	#[benchmark]
	fn leave_queue(q: Linear<1, { T::MaxQueueLen::get() }>) -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let stake = T::MinStake::get();
		fill_queue::<T>(game, stake, "waiting", q - 1, T::InitialRating::get())?;
		let caller = funded::<T>("caller", 0);
		Pallet::<T>::queue(RawOrigin::Signed(caller.clone()).into(), game, stake)
			.map_err(|_| BenchmarkError::Stop("the caller queues"))?;
		#[extrinsic_call]
		_(RawOrigin::Signed(caller.clone()), game);
		assert!(!Queued::<T>::contains_key(game, &caller));
		Ok(())
	}

	#[benchmark]
	fn create_tournament() -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let creator = funded::<T>("creator", 0);
		let id = NextTournamentId::<T>::get();
		#[extrinsic_call]
		_(RawOrigin::Signed(creator), game, max_tournament::<T>(), T::MinStake::get());
		assert!(Tournaments::<T>::contains_key(id));
		Ok(())
	}

	/// The entry that fills the largest tournament: every rating read, the seeding, the first
	/// round's sessions.
	#[benchmark]
	fn join_tournament() -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let last = max_tournament::<T>() - 1;
		let (id, _) = tournament::<T>(game, last)?;
		let caller = funded::<T>("entrant", last);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);
		let t = Tournaments::<T>::get(id).ok_or(BenchmarkError::Stop("running"))?;
		assert_eq!(t.status, TournamentStatus::Running { round: 1 });
		assert_eq!(t.matches.len() as u32, max_tournament::<T>() / 2);
		Ok(())
	}

	/// The first of all but one players of the largest tournament leaves.
	#[benchmark]
	fn leave_tournament() -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (id, _) = tournament::<T>(game, max_tournament::<T>() - 1)?;
		let caller = funded::<T>("entrant", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(caller), id);
		let t = Tournaments::<T>::get(id).ok_or(BenchmarkError::Stop("open"))?;
		assert_eq!(t.players.len() as u32, max_tournament::<T>() - 2);
		Ok(())
	}

	/// The creator cancels the largest tournament with all places but one taken.
	#[benchmark]
	fn cancel_tournament() -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (id, creator) = tournament::<T>(game, max_tournament::<T>() - 1)?;
		#[extrinsic_call]
		_(RawOrigin::Signed(creator), id);
		assert!(!Tournaments::<T>::contains_key(id));
		Ok(())
	}

	/// The end of the last match of round 1 of the largest tournament: ratings moved (and
	/// rewritten in two full queues), the match decided, round 2's sessions created.
	#[benchmark]
	fn tournament_round() -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (id, _) = tournament::<T>(game, max_tournament::<T>())?;
		play_round::<T>(id, 1)?;
		let (session, s) = last_match::<T>(game, id)?;
		let result = SessionResult::Forfeited { seat: 1, reason: ForfeitReason::Resigned };
		#[block]
		{
			Pallet::<T>::end_session(session, s, result);
		}
		assert!(!TournamentOfSession::<T>::contains_key(session));
		let round = Tournaments::<T>::get(id).map(|t| t.status);
		assert!(round.is_none() || round == Some(TournamentStatus::Running { round: 2 }));
		Ok(())
	}

	/// The end of the final of the largest tournament: ratings moved (and rewritten in two full
	/// queues), every entry fee paid out of its hold, the deposit released, the record removed.
	#[benchmark]
	fn tournament_final() -> Result<(), BenchmarkError> {
		let game = game::<T>(false)?;
		let (id, _) = tournament::<T>(game, max_tournament::<T>())?;
		while Tournaments::<T>::get(id).map(|t| t.matches.len()).unwrap_or(0) > 1 {
			play_round::<T>(id, 0)?;
		}
		let (session, s) = last_match::<T>(game, id)?;
		let result = SessionResult::Forfeited { seat: 1, reason: ForfeitReason::Resigned };
		#[block]
		{
			Pallet::<T>::end_session(session, s, result);
		}
		assert!(!Tournaments::<T>::contains_key(id));
		Ok(())
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);

	/// Every benchmark again with the real command pallet as the rules runner: the program and
	/// executors of [`RulesRunner::benchmark_program`], the challenge's command submission.
	#[cfg(test)]
	mod with_commands {
		use super::*;
		use crate::mock_commands::{new_integration_ext, Integration};
		use frame_benchmarking::Benchmarking;

		#[test]
		fn every_benchmark_runs_with_the_command_pallet() {
			let names: Vec<Vec<u8>> = <Pallet<Integration> as Benchmarking>::benchmarks(false)
				.into_iter()
				.map(|b| b.name)
				.collect();
			assert_eq!(names.len(), 22);
			for name in names {
				new_integration_ext().execute_with(|| {
					Pallet::<Integration>::test_bench_by_name(&name).unwrap_or_else(|e| {
						panic!("{}: {e:?}", alloc::string::String::from_utf8_lossy(&name))
					});
				});
			}
		}
	}
}
