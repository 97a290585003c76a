//! `sudoku`: the input is 162 bytes, an 81-byte puzzle (row-major, 0 = empty, else the given
//! digit) followed by an 81-byte solution. The output is one byte: 1 when every solution cell is
//! 1..=9, every row, column and 3×3 box holds each digit once, and every puzzle cell is 0 or
//! equals the solution's; 0 otherwise. Any other input length traps: the circuit proves only
//! 162-byte inputs, and a proved program must not produce an output it cannot prove.
//!
//! The same function as `aether_circuits::native::sudoku_valid`, which the `sudoku` circuit
//! proves.

#![no_std]

/// Whether `solution` is a valid completed grid that fits `puzzle`.
fn valid(puzzle: &[u8; 81], solution: &[u8; 81]) -> bool {
	for (&p, &s) in puzzle.iter().zip(solution) {
		if !(1..=9).contains(&s) || (p != 0 && p != s) {
			return false;
		}
	}
	for g in 0..9 {
		let (mut row, mut col, mut boxed) = (0u16, 0u16, 0u16);
		for i in 0..9 {
			row |= 1 << solution[g * 9 + i];
			col |= 1 << solution[i * 9 + g];
			boxed |= 1 << solution[(g / 3 * 3 + i / 3) * 9 + g % 3 * 3 + i % 3];
		}
		if row != 0b11_1111_1110 || col != 0b11_1111_1110 || boxed != 0b11_1111_1110 {
			return false;
		}
	}
	true
}

/// The entry point.
#[no_mangle]
pub extern "C" fn run() {
	let verdict = match aether_guest::input_exact::<162>() {
		Some(input) => {
			let (puzzle, solution) = input.split_at(81);
			valid(puzzle.try_into().unwrap(), solution.try_into().unwrap())
		},
		None => aether_guest::trap(),
	};
	aether_guest::write_output(&[u8::from(verdict)]);
}
