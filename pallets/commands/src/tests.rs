//! Tests of the commands pallet: every path of a command's life, and every bad input refused with
//! a named error and nothing changed.

use crate::{mock::*, *};
use frame_support::{assert_noop, assert_ok, traits::fungible::InspectHold};
use polkadot_sdk::sp_runtime::DispatchResult;

type E = Error<Test>;

fn held(reason: HoldReason, who: AccountId) -> Balance {
	Balances::balance_on_hold(&RuntimeHoldReason::Commands(reason), &who)
}

fn register_echo(vk: Option<VkId>) -> ProgramId {
	let id = NextProgramId::<Test>::get();
	assert_ok!(Commands::register_program(
		RuntimeOrigin::signed(ALICE),
		wasm(ECHO),
		ProgramLimits::default(),
		vk
	));
	id
}

fn submit(program: ProgramId, input: &[u8], redundancy: u32) -> CommandId {
	let id = NextCommandId::<Test>::get();
	assert_ok!(Commands::submit_command(
		RuntimeOrigin::signed(BOB),
		program,
		plain(input),
		1_000,
		500,
		redundancy
	));
	id
}

fn report_ok(executor: AccountId, command: CommandId, output: &[u8]) -> DispatchResult {
	Commands::report(
		RuntimeOrigin::signed(executor),
		command,
		ExitStatus::Ok,
		out(output),
		sha256(output),
		42,
		None,
	)
}

fn executors_of(command: CommandId) -> Vec<AccountId> {
	OpenCommands::<Test>::get(command).expect("open").executors.into_inner()
}

fn proof_inputs(commitment: &[u8; 32], output_hash: &[u8; 32]) -> Vec<[u8; 32]> {
	let mut inputs = hash_to_scalars(commitment).to_vec();
	inputs.extend_from_slice(&hash_to_scalars(output_hash));
	inputs
}

#[test]
fn registering_a_program_holds_a_deposit_by_size() {
	new_test_ext().execute_with(|| {
		let module = wasm(ECHO);
		let len = module.len() as u128;
		let id = register_echo(None);
		let info = Programs::<Test>::get(id).expect("registered");
		assert_eq!(info.deposit, 100 + len);
		assert_eq!(held(HoldReason::ProgramDeposit, ALICE), 100 + len);
		assert_eq!(info.code_hash, sha256(&module));
		assert_eq!(ProgramCode::<Test>::get(id).expect("stored"), module);
		assert!(matches!(events().last(), Some(Event::ProgramRegistered { program: 0, .. })));
		assert_ok!(Commands::unregister_program(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(held(HoldReason::ProgramDeposit, ALICE), 0);
		assert!(ProgramCode::<Test>::get(id).is_none());
	});
}

#[test]
fn bad_modules_are_refused_at_registration() {
	new_test_ext().execute_with(|| {
		let cases: Vec<(&str, Vec<u8>, E)> = vec![
			("garbage", b"not wasm at all".to_vec(), E::InvalidModule),
			(
				"wasi import",
				wat::parse_str(
					r#"(module (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
					(memory (export "memory") 1) (func (export "run")))"#,
				)
				.unwrap(),
				E::ForbiddenImport,
			),
			(
				"host import with the wrong signature",
				wat::parse_str(
					r#"(module (import "aether" "input_len" (func (result i64)))
					(memory (export "memory") 1) (func (export "run")))"#,
				)
				.unwrap(),
				E::ForbiddenImport,
			),
			(
				"imported memory",
				wat::parse_str(
					r#"(module (import "aether" "memory" (memory 1)) (func (export "run")))"#,
				)
				.unwrap(),
				E::ForbiddenImport,
			),
			(
				"no run",
				wat::parse_str(r#"(module (memory (export "memory") 1))"#).unwrap(),
				E::MissingExport,
			),
			(
				"run with a parameter",
				wat::parse_str(
					r#"(module (memory (export "memory") 1) (func (export "run") (param i32)))"#,
				)
				.unwrap(),
				E::MissingExport,
			),
			(
				"no memory export",
				wat::parse_str(r#"(module (memory 1) (func (export "run")))"#).unwrap(),
				E::MissingExport,
			),
			(
				"memory above the cap",
				wat::parse_str(r#"(module (memory (export "memory") 17) (func (export "run")))"#)
					.unwrap(),
				E::ModuleMemoryTooLarge,
			),
			(
				"SIMD",
				wat::parse_str(
					r#"(module (memory (export "memory") 1)
					(func (export "run") (drop (i32x4.splat (i32.const 1)))))"#,
				)
				.unwrap(),
				E::InvalidModule,
			),
			(
				"threads",
				wat::parse_str(
					r#"(module (memory (export "memory") 1 1 shared) (func (export "run")))"#,
				)
				.unwrap(),
				E::ModuleMemoryTooLarge,
			),
		];
		for (name, bytes, error) in cases {
			let before = Balances::free_balance(ALICE);
			let result = Commands::register_program(
				RuntimeOrigin::signed(ALICE),
				CodeOf::<Test>::truncate_from(bytes),
				ProgramLimits::default(),
				None,
			);
			assert_eq!(result, Err(error.into()), "{name}");
			assert_eq!(Balances::free_balance(ALICE), before, "{name}: nothing held");
			assert_eq!(NextProgramId::<Test>::get(), 0, "{name}: nothing stored");
		}
	});
}

#[test]
fn oversized_modules_and_limits_are_refused() {
	new_test_ext().execute_with(|| {
		// The call's bounded vector refuses an oversized module when the extrinsic is decoded.
		let too_big = vec![0u8; 65_537];
		assert!(CodeOf::<Test>::try_from(too_big.clone()).is_err());
		let call = RuntimeCall::Commands(crate::Call::register_program {
			wasm: CodeOf::<Test>::truncate_from(too_big.clone()),
			limits: ProgramLimits::default(),
			vk: None,
		});
		let mut encoded = call.encode();
		// Re-encode with the full length: decoding must fail.
		let mut raw = vec![encoded[0], encoded[1]];
		raw.extend(too_big.encode());
		raw.extend(ProgramLimits::default().encode());
		raw.extend(Option::<VkId>::None.encode());
		assert!(RuntimeCall::decode(&mut &raw[..]).is_err());
		assert!(RuntimeCall::decode(&mut &encoded[..]).is_ok());
		encoded.clear();

		assert_noop!(
			Commands::register_program(
				RuntimeOrigin::signed(ALICE),
				wasm(ECHO),
				ProgramLimits { max_memory_pages: 33, max_output: 16 },
				None
			),
			E::LimitsTooHigh
		);
		assert_noop!(
			Commands::register_program(
				RuntimeOrigin::signed(ALICE),
				wasm(ECHO),
				ProgramLimits { max_memory_pages: 1, max_output: 1025 },
				None
			),
			E::LimitsTooHigh
		);
	});
}

#[test]
fn verifying_keys_must_exist_and_take_four_inputs() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Commands::register_program(
				RuntimeOrigin::signed(ALICE),
				wasm(ECHO),
				ProgramLimits::default(),
				Some(99)
			),
			E::UnknownKey
		);
		assert_noop!(
			Commands::register_program(
				RuntimeOrigin::signed(ALICE),
				wasm(ECHO),
				ProgramLimits::default(),
				Some(VK_TWO_INPUTS)
			),
			E::KeyNotForCommands
		);
		let id = register_echo(Some(VK));
		assert_eq!(PINS.with(|p| p.borrow().get(&VK).copied()), Some(1));
		assert_ok!(Commands::unregister_program(RuntimeOrigin::signed(ALICE), id));
		assert_eq!(PINS.with(|p| p.borrow().get(&VK).copied()), Some(0));
	});
}

#[test]
fn only_the_owner_unregisters_and_not_while_commands_are_open() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		assert_noop!(
			Commands::unregister_program(RuntimeOrigin::signed(BOB), program),
			E::NotProgramOwner
		);
		let command = submit(program, b"x", 1);
		assert_noop!(
			Commands::unregister_program(RuntimeOrigin::signed(ALICE), program),
			E::ProgramInUse
		);
		assert_ok!(report_ok(EXECUTOR, command, b"x"));
		assert_ok!(Commands::unregister_program(RuntimeOrigin::signed(ALICE), program));
		assert_noop!(
			Commands::unregister_program(RuntimeOrigin::signed(ALICE), program),
			E::UnknownProgram
		);
	});
}

#[test]
fn a_pinned_program_cannot_be_unregistered() {
	new_test_ext().execute_with(|| {
		let program = register_echo(None);
		assert_noop!(Commands::pin_program(program + 1, true), E::UnknownProgram);
		assert_ok!(Commands::pin_program(program, true));
		assert_ok!(Commands::pin_program(program, true));
		assert_eq!(ProgramPins::<Test>::get(program), Some(2));
		assert_ok!(Commands::pin_program(program, false));
		assert_noop!(
			Commands::unregister_program(RuntimeOrigin::signed(ALICE), program),
			E::ProgramInUse
		);
		assert_ok!(Commands::pin_program(program, false));
		assert_eq!(ProgramPins::<Test>::get(program), None);
		Commands::do_try_state().unwrap();
		assert_ok!(Commands::unregister_program(RuntimeOrigin::signed(ALICE), program));
	});
}

#[test]
fn another_pallet_submits_on_an_accounts_behalf() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		let id = Commands::do_submit_command(BOB, program, plain(b"hi"), 1_000, 500, 1)
			.expect("the same checks as submit_command pass");
		assert_eq!(OpenCommands::<Test>::get(id).expect("open").owner, BOB);
		assert_eq!(held(HoldReason::CommandFee, BOB), 500);
		// The same checks as the call.
		assert_noop!(
			Commands::do_submit_command(BOB, program, plain(b"hi"), 0, 500, 1),
			E::BadFuelLimit
		);
		Commands::do_try_state().unwrap();
	});
}

#[test]
fn executors_register_with_a_bond_and_leave_when_idle() {
	new_test_ext().execute_with(|| {
		assert_noop!(
			Commands::register_executor(
				RuntimeOrigin::signed(EXECUTOR),
				SealKey::truncate_from(vec![1; 10])
			),
			E::MalformedSealKey
		);
		let mut bad_prefix = seal_key(1).into_inner();
		bad_prefix[SEAL_KEY_LEN as usize - 33] = 0x05;
		assert_noop!(
			Commands::register_executor(
				RuntimeOrigin::signed(EXECUTOR),
				SealKey::truncate_from(bad_prefix)
			),
			E::MalformedSealKey
		);
		assert_noop!(
			Commands::register_executor(RuntimeOrigin::signed(POOR), seal_key(1)),
			E::CannotHoldBond
		);
		register_executors(1);
		assert_eq!(held(HoldReason::ExecutorBond, EXECUTOR), BOND);
		assert_eq!(ActiveExecutors::<Test>::get().into_inner(), vec![EXECUTOR]);
		// Registering again changes the keys, not the bond.
		assert_ok!(Commands::register_executor(RuntimeOrigin::signed(EXECUTOR), seal_key(9)));
		assert_eq!(held(HoldReason::ExecutorBond, EXECUTOR), BOND);
		assert_eq!(Executors::<Test>::get(EXECUTOR).unwrap().seal_key, seal_key(9));

		let program = register_echo(None);
		let command = submit(program, b"hi", 1);
		assert_noop!(
			Commands::unregister_executor(RuntimeOrigin::signed(EXECUTOR)),
			E::ExecutorBusy
		);
		assert_ok!(report_ok(EXECUTOR, command, b"hi"));
		assert_ok!(Commands::unregister_executor(RuntimeOrigin::signed(EXECUTOR)));
		assert_eq!(held(HoldReason::ExecutorBond, EXECUTOR), 0);
		assert!(ActiveExecutors::<Test>::get().is_empty());
		assert_noop!(
			Commands::unregister_executor(RuntimeOrigin::signed(EXECUTOR)),
			E::NotExecutor
		);
	});
}

#[test]
fn submitting_holds_the_fee_and_assigns_distinct_executors() {
	new_test_ext().execute_with(|| {
		register_executors(5);
		let program = register_echo(None);
		let command = submit(program, b"input", 3);
		assert_eq!(held(HoldReason::CommandFee, BOB), 500);
		let executors = executors_of(command);
		assert_eq!(executors.len(), 3);
		let mut distinct = executors.clone();
		distinct.sort();
		distinct.dedup();
		assert_eq!(distinct.len(), 3);
		for e in &executors {
			assert!(Assignments::<Test>::contains_key(e, command));
			assert_eq!(Executors::<Test>::get(e).unwrap().pending, 1);
		}
		assert_eq!(Inputs::<Test>::get(command).unwrap().into_inner(), b"input".to_vec());
		let cmd = OpenCommands::<Test>::get(command).unwrap();
		assert_eq!(cmd.input_commitment, sha256(b"input"));
		assert_eq!(cmd.deadline, 1 + TIMEOUT);
		// Another seed draws another set, eventually: the draw follows the randomness.
		let mut seen = std::collections::BTreeSet::new();
		for seed in 0..20u8 {
			Seed::set(&[seed; 32]);
			let mut e = Commands::draw_executors(command, 3).expect("five executors").into_inner();
			e.sort();
			e.dedup();
			assert_eq!(e.len(), 3);
			seen.insert(e);
		}
		assert!(seen.len() > 1, "the draw never changed with the randomness");
	});
}

#[test]
fn bad_submissions_change_nothing() {
	new_test_ext().execute_with(|| {
		let program = register_echo(None);
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(BOB), program, plain(b"x"), 10, 5, 1),
			E::NotEnoughExecutors
		);
		register_executors(2);
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(BOB), program, plain(b"x"), 10, 5, 3),
			E::NotEnoughExecutors
		);
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(BOB), 9, plain(b"x"), 10, 5, 1),
			E::UnknownProgram
		);
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(BOB), program, plain(b"x"), 0, 5, 1),
			E::BadFuelLimit
		);
		assert_noop!(
			Commands::submit_command(
				RuntimeOrigin::signed(BOB),
				program,
				plain(b"x"),
				1_000_000_001,
				5,
				1
			),
			E::BadFuelLimit
		);
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(BOB), program, plain(b"x"), 10, 5, 0),
			E::BadRedundancy
		);
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(BOB), program, plain(b"x"), 10, 5, 6),
			E::BadRedundancy
		);
		// A fee that cannot be held: nothing stored, no deadline taken.
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(POOR), program, plain(b"x"), 10, 50, 1),
			E::CannotReserveFee
		);
		// The deadline queue of a block is bounded.
		for _ in 0..4 {
			submit(program, b"x", 1);
		}
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(BOB), program, plain(b"x"), 10, 5, 1),
			E::DeadlineFull
		);
	});
}

#[test]
fn one_report_settles_a_redundancy_one_command() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		let command = submit(program, b"hello", 1);
		let pot_before = Balances::free_balance(POT);
		let bob_before = Balances::total_balance(&BOB);
		assert_ok!(report_ok(EXECUTOR, command, b"hello"));
		assert!(OpenCommands::<Test>::get(command).is_none());
		assert!(Inputs::<Test>::get(command).is_none());
		assert!(!Assignments::<Test>::contains_key(EXECUTOR, command));
		let result = Results::<Test>::get(command).expect("settled");
		assert_eq!(result.state, CommandState::Settled);
		assert_eq!(result.output.into_inner(), b"hello".to_vec());
		assert_eq!(result.check, Check::Quorum(1));
		assert_eq!(result.executors.into_inner(), vec![EXECUTOR]);
		// The fee went to the pot, the fuel to the executor's contribution.
		assert_eq!(held(HoldReason::CommandFee, BOB), 0);
		assert_eq!(Balances::total_balance(&BOB), bob_before - 500);
		assert_eq!(Balances::free_balance(POT), pot_before + 500);
		assert_eq!(CREDITED.with(|c| c.borrow().clone()), vec![(EXECUTOR, 42)]);
		assert_eq!(Executors::<Test>::get(EXECUTOR).unwrap().pending, 0);
		assert!(matches!(
			events().last(),
			Some(Event::CommandSettled { command: 0, check: Check::Quorum(1), .. })
		));
		// The command is closed: a late or second report is refused.
		assert_noop!(report_ok(EXECUTOR, command, b"hello"), E::UnknownCommand);
		Commands::do_try_state().unwrap();
	});
}

#[test]
fn a_quorum_settles_and_the_minority_is_slashed() {
	new_test_ext().execute_with(|| {
		register_executors(3);
		let program = register_echo(None);
		let command = submit(program, b"abc", 3);
		let [a, b, c]: [AccountId; 3] = executors_of(command).try_into().unwrap();
		// The first report is a wrong answer; it does not settle anything alone.
		assert_ok!(report_ok(a, command, b"lie"));
		assert!(OpenCommands::<Test>::get(command).is_some());
		assert_noop!(report_ok(a, command, b"lie"), E::AlreadyReported);
		assert_ok!(report_ok(b, command, b"abc"));
		assert!(OpenCommands::<Test>::get(command).is_some(), "1 of 3 is not a quorum");
		assert_ok!(report_ok(c, command, b"abc"));
		let result = Results::<Test>::get(command).expect("settled");
		assert_eq!(result.check, Check::Quorum(2));
		assert_eq!(result.output_hash, sha256(b"abc"));
		let mut settled_by = result.executors.into_inner();
		settled_by.sort();
		let mut expected = vec![b, c];
		expected.sort();
		assert_eq!(settled_by, expected);
		// The liar lost a tenth of its bond; the others nothing.
		assert_eq!(Executors::<Test>::get(a).unwrap().bond, BOND - BOND / 10);
		assert_eq!(held(HoldReason::ExecutorBond, a), BOND - BOND / 10);
		assert_eq!(held(HoldReason::ExecutorBond, b), BOND);
		assert!(events().iter().any(|e| matches!(
			e,
			Event::ExecutorSlashed { executor, silent: false, .. } if *executor == a
		)));
		Commands::do_try_state().unwrap();
	});
}

#[test]
fn reports_are_checked() {
	new_test_ext().execute_with(|| {
		register_executors(3);
		let program = register_echo(None);
		let command = submit(program, b"abc", 2);
		let assigned = executors_of(command);
		let outsider = (EXECUTOR..EXECUTOR + 3).find(|e| !assigned.contains(e)).unwrap();
		let e = assigned[0];
		assert_noop!(report_ok(outsider, command, b"abc"), E::NotAssigned);
		assert_noop!(report_ok(e, 77, b"abc"), E::UnknownCommand);
		// The output must hash to the reported hash.
		assert_noop!(
			Commands::report(
				RuntimeOrigin::signed(e),
				command,
				ExitStatus::Ok,
				out(b"abc"),
				sha256(b"abd"),
				1,
				None
			),
			E::OutputMismatch
		);
		// No output with a trap; fuel within the limit; out of fuel means all of it.
		assert_noop!(
			Commands::report(
				RuntimeOrigin::signed(e),
				command,
				ExitStatus::Trapped,
				out(b"abc"),
				sha256(b"abc"),
				1,
				None
			),
			E::OutputMismatch
		);
		assert_noop!(
			Commands::report(
				RuntimeOrigin::signed(e),
				command,
				ExitStatus::Ok,
				out(b"abc"),
				sha256(b"abc"),
				1_001,
				None
			),
			E::BadFuelReport
		);
		assert_noop!(
			Commands::report(
				RuntimeOrigin::signed(e),
				command,
				ExitStatus::OutOfFuel,
				ReportedOutput::None,
				sha256(&[]),
				999,
				None
			),
			E::BadFuelReport
		);
		// A plain command cannot get a sealed output.
		assert_noop!(
			Commands::report(
				RuntimeOrigin::signed(e),
				command,
				ExitStatus::Ok,
				ReportedOutput::Sealed(envelope(300)),
				sha256(b"abc"),
				1,
				None
			),
			E::WrongOutputKind
		);
	});
}

#[test]
fn a_program_that_runs_out_of_fuel_settles_and_pays() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		let command = submit(program, b"loop", 1);
		let pot_before = Balances::free_balance(POT);
		assert_ok!(Commands::report(
			RuntimeOrigin::signed(EXECUTOR),
			command,
			ExitStatus::OutOfFuel,
			ReportedOutput::None,
			sha256(&[]),
			1_000,
			None
		));
		let result = Results::<Test>::get(command).expect("settled");
		assert_eq!(result.exit, ExitStatus::OutOfFuel);
		assert!(result.output.is_empty());
		assert_eq!(Balances::free_balance(POT), pot_before + 500, "the fee is charged");
		assert_eq!(CREDITED.with(|c| c.borrow().clone()), vec![(EXECUTOR, 1_000)]);
	});
}

#[test]
fn a_trap_settles_as_trapped() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		let command = submit(program, b"boom", 1);
		assert_ok!(Commands::report(
			RuntimeOrigin::signed(EXECUTOR),
			command,
			ExitStatus::Trapped,
			ReportedOutput::None,
			sha256(&[]),
			17,
			None
		));
		assert_eq!(Results::<Test>::get(command).unwrap().exit, ExitStatus::Trapped);
	});
}

#[test]
fn a_proof_settles_a_proved_program_and_binds_command_and_output() {
	new_test_ext().execute_with(|| {
		register_executors(3);
		let program = register_echo(Some(VK));
		let command = submit(program, b"secret", 3);
		let other = submit(program, b"other", 3);
		let e = executors_of(command)[0];
		let commitment = sha256(b"secret");
		let good = mock_proof(&proof_inputs(&commitment, &sha256(b"secret")));
		let for_other_command = mock_proof(&proof_inputs(&sha256(b"other"), &sha256(b"secret")));
		let for_other_output = mock_proof(&proof_inputs(&commitment, &sha256(b"forged")));
		let bounded = |p: Vec<u8>| Some(ProofOf::<Test>::truncate_from(p));
		let report = |proof| {
			Commands::report(
				RuntimeOrigin::signed(e),
				command,
				ExitStatus::Ok,
				out(b"secret"),
				sha256(b"secret"),
				5,
				proof,
			)
		};
		assert_noop!(report(None), E::ProofRequired);
		assert_noop!(report(bounded(vec![1, 2, 3])), E::MalformedProof);
		assert_noop!(report(bounded(for_other_command)), E::InvalidProof);
		assert_noop!(report(bounded(for_other_output)), E::InvalidProof);
		assert_ok!(report(bounded(good)));
		// One proved report settles a redundancy-three command.
		let result = Results::<Test>::get(command).expect("settled");
		assert_eq!(result.check, Check::Proof);
		assert_eq!(result.executors.into_inner(), vec![e]);
		assert!(OpenCommands::<Test>::get(other).is_some());
		// The other assigned executors are released, not slashed.
		for x in executors_of(other) {
			assert_eq!(Executors::<Test>::get(x).unwrap().pending, 1);
		}
	});
}

#[test]
fn the_deadline_refunds_the_fee_and_slashes_the_silent() {
	new_test_ext().execute_with(|| {
		register_executors(3);
		let program = register_echo(None);
		let command = submit(program, b"abc", 3);
		let assigned = executors_of(command);
		let bob_before = Balances::free_balance(BOB);
		assert_ok!(report_ok(assigned[0], command, b"abc"));
		for _ in 0..TIMEOUT {
			next_block();
		}
		assert!(OpenCommands::<Test>::get(command).is_none());
		let result = Results::<Test>::get(command).expect("closed");
		assert_eq!(result.state, CommandState::TimedOut);
		assert_eq!(Balances::free_balance(BOB), bob_before + 500, "the fee is refunded");
		assert_eq!(held(HoldReason::CommandFee, BOB), 0);
		assert_eq!(held(HoldReason::ExecutorBond, assigned[0]), BOND, "it reported");
		for silent in &assigned[1..] {
			assert_eq!(held(HoldReason::ExecutorBond, *silent), BOND - BOND / 10);
		}
		let mut silent = result.executors.into_inner();
		silent.sort();
		let mut expected = assigned[1..].to_vec();
		expected.sort();
		assert_eq!(silent, expected);
		assert!(CREDITED.with(|c| c.borrow().is_empty()), "nothing settled, nothing credited");
	});
}

#[test]
fn executors_slashed_below_half_their_bond_leave_the_active_set() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		let mut rounds = 0;
		while Executors::<Test>::get(EXECUTOR).unwrap().active {
			submit(program, b"x", 1);
			for _ in 0..TIMEOUT {
				next_block();
			}
			rounds += 1;
		}
		// 10 % of what is left each time: 1000, 900, 810, 729, 656, 590, 531, 478.
		assert_eq!(rounds, 7);
		let info = Executors::<Test>::get(EXECUTOR).unwrap();
		assert!(!info.active);
		assert!(info.bond < BOND / 2);
		assert!(ActiveExecutors::<Test>::get().is_empty());
		assert!(events()
			.iter()
			.any(|e| matches!(e, Event::ExecutorDeactivated { executor: EXECUTOR })));
		assert_noop!(
			Commands::submit_command(RuntimeOrigin::signed(BOB), program, plain(b"x"), 10, 5, 1),
			E::NotEnoughExecutors
		);
		// It can still leave with what is left.
		assert_ok!(Commands::unregister_executor(RuntimeOrigin::signed(EXECUTOR)));
		assert_eq!(held(HoldReason::ExecutorBond, EXECUTOR), 0);
	});
}

#[test]
fn sealed_inputs_never_put_the_plaintext_on_chain() {
	new_test_ext().execute_with(|| {
		register_executors(2);
		let program = register_echo(None);
		let secret = b"the plaintext";
		let command = NextCommandId::<Test>::get();
		assert_ok!(Commands::submit_command(
			RuntimeOrigin::signed(BOB),
			program,
			CommandInput::Sealed { commitment: sha256(secret), reply_to: Some(seal_key(3)) },
			1_000,
			500,
			2
		));
		let assigned = executors_of(command);
		// Nobody can run it yet.
		assert!(Commands::assignments(&assigned[0]).is_empty());
		assert_noop!(report_ok(assigned[0], command, b"x"), E::NotRunning);
		let envelopes = |n: usize, len: usize| {
			BoundedVec::<_, <Test as Config>::MaxRedundancy>::truncate_from(
				(0..n).map(|_| envelope(len)).collect::<Vec<_>>(),
			)
		};
		assert_noop!(
			Commands::provide_sealed_input(
				RuntimeOrigin::signed(ALICE),
				command,
				envelopes(2, 1200)
			),
			E::NotCommandOwner
		);
		assert_noop!(
			Commands::provide_sealed_input(RuntimeOrigin::signed(BOB), command, envelopes(1, 1200)),
			E::WrongEnvelopeCount
		);
		assert_noop!(
			Commands::provide_sealed_input(RuntimeOrigin::signed(BOB), command, envelopes(2, 20)),
			E::MalformedEnvelope
		);
		let mut garbage = envelopes(2, 1200);
		garbage[1][0] = 9;
		assert_noop!(
			Commands::provide_sealed_input(RuntimeOrigin::signed(BOB), command, garbage),
			E::MalformedEnvelope
		);
		assert_ok!(Commands::provide_sealed_input(
			RuntimeOrigin::signed(BOB),
			command,
			envelopes(2, 1200)
		));
		assert_noop!(
			Commands::provide_sealed_input(RuntimeOrigin::signed(BOB), command, envelopes(2, 1200)),
			E::NotAwaitingInput
		);
		let work = Commands::assignments(&assigned[1]);
		assert_eq!(work.len(), 1);
		assert!(work[0].sealed);
		assert_eq!(work[0].input_commitment, sha256(secret));
		assert_eq!(work[0].reply_to, Some(seal_key(3).into_inner()));
		// A sealed command with reply keys takes only sealed output.
		assert_noop!(report_ok(assigned[0], command, secret), E::WrongOutputKind);
		for e in &assigned {
			assert_ok!(Commands::report(
				RuntimeOrigin::signed(*e),
				command,
				ExitStatus::Ok,
				ReportedOutput::Sealed(envelope(SEAL_OVERHEAD as usize + 13)),
				sha256(secret),
				9,
				None
			));
		}
		let result = Results::<Test>::get(command).expect("settled");
		assert!(result.output_sealed);
		// The plaintext is nowhere in state.
		let mut found = false;
		let mut key = Vec::new();
		while let Some(next) = polkadot_sdk::sp_io::storage::next_key(&key) {
			let value = polkadot_sdk::sp_io::storage::get(&next).unwrap_or_default();
			if value.windows(secret.len()).any(|w| w == secret) {
				found = true;
			}
			key = next;
		}
		assert!(!found, "the plaintext input appears in chain state");
	});
}

#[test]
fn an_unreadable_sealed_input_settles_by_quorum() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		let command = NextCommandId::<Test>::get();
		assert_ok!(Commands::submit_command(
			RuntimeOrigin::signed(BOB),
			program,
			CommandInput::Sealed { commitment: [1; 32], reply_to: None },
			1_000,
			500,
			1
		));
		assert_ok!(Commands::provide_sealed_input(
			RuntimeOrigin::signed(BOB),
			command,
			BoundedVec::truncate_from(vec![envelope(1200)])
		));
		assert_ok!(Commands::report(
			RuntimeOrigin::signed(EXECUTOR),
			command,
			ExitStatus::InputUnreadable,
			ReportedOutput::None,
			sha256(&[]),
			0,
			None
		));
		assert_eq!(Results::<Test>::get(command).unwrap().exit, ExitStatus::InputUnreadable);
	});
}

#[test]
fn a_sealed_command_without_inputs_times_out_without_slashing() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		let command = NextCommandId::<Test>::get();
		assert_ok!(Commands::submit_command(
			RuntimeOrigin::signed(BOB),
			program,
			CommandInput::Sealed { commitment: [1; 32], reply_to: None },
			1_000,
			500,
			1
		));
		for _ in 0..TIMEOUT {
			next_block();
		}
		assert_eq!(Results::<Test>::get(command).unwrap().state, CommandState::TimedOut);
		assert_eq!(held(HoldReason::ExecutorBond, EXECUTOR), BOND);
		assert_eq!(held(HoldReason::CommandFee, BOB), 0);
	});
}

#[test]
fn views_show_open_and_closed_commands() {
	new_test_ext().execute_with(|| {
		register_executors(1);
		let program = register_echo(None);
		let command = submit(program, b"v", 1);
		let open = Commands::command_view(command).unwrap();
		assert_eq!(open.state, CommandState::Running);
		assert!(open.result.is_none());
		let work = Commands::assignments(&EXECUTOR);
		assert_eq!(work.len(), 1);
		assert_eq!(work[0].input, b"v".to_vec());
		assert_ok!(report_ok(EXECUTOR, command, b"v"));
		assert!(Commands::assignments(&EXECUTOR).is_empty());
		let closed = Commands::command_view(command).unwrap();
		assert_eq!(closed.state, CommandState::Settled);
		assert_eq!(closed.result.unwrap().output, b"v".to_vec());
		assert_eq!(Commands::executor_view(&EXECUTOR).unwrap().bond, BOND);
	});
}
