//! Benchmarks of the commands pallet, each on its worst path: the largest module, a full active
//! set, the largest input and output, a settling report that slashes a dissenting minority, and
//! deadlines that slash every silent executor.

use super::*;
use frame_benchmarking::v2::*;
use frame_support::traits::{Get, Hooks};
use frame_system::RawOrigin;
use polkadot_sdk::{frame_benchmarking, frame_support};

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	let amount = T::Currency::minimum_balance()
		.saturating_mul(1_000_000u32.into())
		.saturating_add(T::ExecutorBond::get().saturating_mul(100u32.into()))
		.saturating_add(
			T::ProgramByteDeposit::get().saturating_mul(T::MaxProgramSize::get().into()),
		)
		.saturating_add(T::ProgramDeposit::get());
	let _ = T::Currency::mint_into(&who, amount);
	who
}

fn leb128(mut value: u32, out: &mut Vec<u8>) {
	loop {
		let byte = (value & 0x7f) as u8;
		value >>= 7;
		if value == 0 {
			out.push(byte);
			return;
		}
		out.push(byte | 0x80);
	}
}

fn section(id: u8, body: &[u8], out: &mut Vec<u8>) {
	out.push(id);
	leb128(body.len() as u32, out);
	out.extend_from_slice(body);
}

/// A valid program of exactly `len` bytes (at least 64): `run` is a body of `nop`s, which the
/// validator checks one by one.
pub fn module_of_size(len: u32) -> Vec<u8> {
	let build = |nops: u32| {
		let mut m = b"\0asm\x01\0\0\0".to_vec();
		section(1, &[1, 0x60, 0, 0], &mut m);
		section(3, &[1, 0], &mut m);
		section(5, &[1, 0, 1], &mut m);
		let mut exports = alloc::vec![2, 6];
		exports.extend_from_slice(b"memory");
		exports.extend_from_slice(&[2, 0, 3]);
		exports.extend_from_slice(b"run");
		exports.extend_from_slice(&[0, 0]);
		section(7, &exports, &mut m);
		let mut body = alloc::vec![0u8];
		body.extend(core::iter::repeat(1u8).take(nops as usize));
		body.push(0x0b);
		let mut code = alloc::vec![1u8];
		leb128(body.len() as u32, &mut code);
		code.extend_from_slice(&body);
		section(10, &code, &mut m);
		m
	};
	// The LEB128 lengths grow with the body; converge on the exact size.
	let mut nops = len.saturating_sub(64);
	loop {
		let m = build(nops);
		match (m.len() as u32).cmp(&len) {
			core::cmp::Ordering::Equal => return m,
			core::cmp::Ordering::Less => nops += 1,
			core::cmp::Ordering::Greater => {
				if nops == 0 {
					return m;
				}
				nops -= 1;
			},
		}
	}
}

fn seal_key() -> SealKey {
	let mut bytes = alloc::vec![7u8; SEAL_KEY_LEN as usize];
	bytes[SEAL_KEY_LEN as usize - 33] = 0x02;
	SealKey::truncate_from(bytes)
}

fn envelope<T: Config>(len: u32) -> SealedOf<T> {
	let mut bytes = alloc::vec![0xab; len as usize];
	bytes[0] = SEAL_VERSION;
	SealedOf::<T>::truncate_from(bytes)
}

fn executors<T: Config>(n: u32) -> Vec<T::AccountId> {
	(0..n)
		.map(|i| {
			let who = funded::<T>("executor", i);
			Pallet::<T>::register_executor(RawOrigin::Signed(who.clone()).into(), seal_key())
				.expect("a funded account can register");
			who
		})
		.collect()
}

fn program<T: Config>(owner: &T::AccountId) -> ProgramId {
	let id = NextProgramId::<T>::get();
	let limits = ProgramLimits { max_memory_pages: 1, max_output: T::MaxIoLen::get() };
	Pallet::<T>::register_program(
		RawOrigin::Signed(owner.clone()).into(),
		CodeOf::<T>::truncate_from(module_of_size(256)),
		limits,
		None,
	)
	.expect("the benchmark module is valid");
	id
}

fn submit<T: Config>(owner: &T::AccountId, program: ProgramId, redundancy: u32) -> CommandId {
	let id = NextCommandId::<T>::get();
	let input = IoOf::<T>::truncate_from(alloc::vec![3u8; T::MaxIoLen::get() as usize]);
	Pallet::<T>::submit_command(
		RawOrigin::Signed(owner.clone()).into(),
		program,
		CommandInput::Plain(input),
		1_000,
		T::Currency::minimum_balance(),
		redundancy,
	)
	.expect("enough executors and funds");
	id
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register_program(l: Linear<64, { T::MaxProgramSize::get() }>) {
		let owner = funded::<T>("owner", 0);
		let wasm = CodeOf::<T>::truncate_from(module_of_size(l));
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			wasm,
			ProgramLimits { max_memory_pages: 1, max_output: 0 },
			None,
		);
		assert!(Programs::<T>::contains_key(0));
	}

	#[benchmark]
	fn unregister_program() {
		let owner = funded::<T>("owner", 0);
		let id = program::<T>(&owner);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), id);
		assert!(!Programs::<T>::contains_key(id));
	}

	#[benchmark]
	fn register_executor() {
		executors::<T>(T::MaxExecutors::get() - 1);
		let who = funded::<T>("newcomer", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), seal_key());
		assert!(Executors::<T>::contains_key(&who));
	}

	#[benchmark]
	fn unregister_executor() {
		let all = executors::<T>(T::MaxExecutors::get());
		let who = all[0].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Executors::<T>::contains_key(&who));
	}

	#[benchmark]
	fn submit_command(
		i: Linear<0, { T::MaxIoLen::get() }>,
		e: Linear<{ T::MaxRedundancy::get() }, { T::MaxExecutors::get() }>,
	) {
		let owner = funded::<T>("owner", 0);
		executors::<T>(e);
		let program = program::<T>(&owner);
		let input = IoOf::<T>::truncate_from(alloc::vec![3u8; i as usize]);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(owner),
			program,
			CommandInput::Plain(input),
			1_000,
			T::Currency::minimum_balance(),
			T::MaxRedundancy::get(),
		);
		assert!(OpenCommands::<T>::contains_key(0));
	}

	#[benchmark]
	fn provide_sealed_input(b: Linear<SEAL_OVERHEAD, { T::MaxSealedLen::get() }>) {
		let owner = funded::<T>("owner", 0);
		let redundancy = T::MaxRedundancy::get();
		executors::<T>(redundancy);
		let program = program::<T>(&owner);
		Pallet::<T>::submit_command(
			RawOrigin::Signed(owner.clone()).into(),
			program,
			CommandInput::Sealed { commitment: [1; 32], reply_to: Some(seal_key()) },
			1_000,
			T::Currency::minimum_balance(),
			redundancy,
		)
		.expect("enough executors");
		let envelopes = BoundedVec::truncate_from(
			(0..redundancy).map(|_| envelope::<T>(b)).collect::<Vec<_>>(),
		);
		#[extrinsic_call]
		_(RawOrigin::Signed(owner), 0, envelopes);
		assert!(SealedInputs::<T>::contains_key(0));
	}

	/// The report that settles a command of redundancy `r`: a bare quorum agrees with it and the
	/// rest of the reports, made before it, dissent and are slashed.
	#[benchmark]
	fn report(r: Linear<1, { T::MaxRedundancy::get() }>) {
		let owner = funded::<T>("owner", 0);
		executors::<T>(r);
		let program = program::<T>(&owner);
		let command = submit::<T>(&owner, program, r);
		let assigned = OpenCommands::<T>::get(command).expect("open").executors.into_inner();
		let output = IoOf::<T>::truncate_from(alloc::vec![9u8; T::MaxIoLen::get() as usize]);
		let hash = sha256(&output);
		let quorum = r / 2 + 1;
		let dissenters = r - quorum;
		let wrong = IoOf::<T>::truncate_from(alloc::vec![8u8]);
		for (k, executor) in assigned.iter().take((r - 1) as usize).enumerate() {
			let dissent = (k as u32) < dissenters;
			let (out, h) =
				if dissent { (wrong.clone(), sha256(&wrong)) } else { (output.clone(), hash) };
			Pallet::<T>::report(
				RawOrigin::Signed(executor.clone()).into(),
				command,
				ExitStatus::Ok,
				ReportedOutput::Plain(out),
				h,
				10,
				None,
			)
			.expect("assigned executors report");
		}
		let last = assigned[(r - 1) as usize].clone();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(last),
			command,
			ExitStatus::Ok,
			ReportedOutput::Plain(output),
			hash,
			10,
			None,
		);
		assert!(Results::<T>::contains_key(command));
	}

	/// `n` commands time out in one block, each with every assigned executor silent.
	#[benchmark]
	fn on_initialize(n: Linear<0, { T::MaxDeadlinesPerBlock::get() }>) {
		let owner = funded::<T>("owner", 0);
		let redundancy = T::MaxRedundancy::get();
		executors::<T>(T::MaxExecutors::get());
		let program = program::<T>(&owner);
		for _ in 0..n {
			submit::<T>(&owner, program, redundancy);
		}
		let due = frame_system::Pallet::<T>::block_number() + T::CommandTimeout::get();
		#[block]
		{
			Pallet::<T>::on_initialize(due);
		}
		assert_eq!(OpenCommands::<T>::iter_keys().count(), 0);
	}

	impl_benchmark_test_suite!(Pallet, crate::mock::new_test_ext(), crate::mock::Test);
}
