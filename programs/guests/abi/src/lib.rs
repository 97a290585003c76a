//! The Aether command host ABI (version 1) for programs written in Rust.
//!
//! A program is a `cdylib` for `wasm32-unknown-unknown` that depends on this crate and exports
//! `run`:
//!
//! ```ignore
//! #![no_std]
//! #[no_mangle]
//! pub extern "C" fn run() {
//!     let mut buf = [0u8; 64];
//!     let n = aether_guest::read_input(&mut buf, 0);
//!     aether_guest::write_output(&buf[..n]);
//! }
//! ```
//!
//! The host imports (module `aether`, see `aether_primitives::commands`) are wrapped below. This
//! crate also provides the panic handler (it traps, so a panicking run ends with no output) and,
//! with the `alloc` feature, a global allocator.

#![no_std]

#[cfg(target_arch = "wasm32")]
mod host {
	#[link(wasm_import_module = "aether")]
	extern "C" {
		pub fn input_len() -> i32;
		pub fn input_read(dst: *mut u8, offset: i32, len: i32) -> i32;
		pub fn output_write(src: *const u8, len: i32);
		pub fn log(src: *const u8, len: i32);
	}
}

/// Length of the command's input in bytes.
pub fn input_len() -> usize {
	#[cfg(target_arch = "wasm32")]
	// SAFETY: a host call without arguments.
	unsafe {
		host::input_len() as u32 as usize
	}
	#[cfg(not(target_arch = "wasm32"))]
	unimplemented!("only on wasm32")
}

/// Copies input bytes from `offset` into `buf`; returns how many were copied (fewer than
/// `buf.len()` at the end of the input).
pub fn read_input(buf: &mut [u8], offset: usize) -> usize {
	#[cfg(target_arch = "wasm32")]
	// SAFETY: the host writes at most `buf.len()` bytes at `buf`.
	unsafe {
		host::input_read(buf.as_mut_ptr(), offset as i32, buf.len() as i32) as u32 as usize
	}
	#[cfg(not(target_arch = "wasm32"))]
	{
		let _ = (buf, offset);
		unimplemented!("only on wasm32")
	}
}

/// Appends `bytes` to the output (the host traps past the program's `max_output`).
pub fn write_output(bytes: &[u8]) {
	#[cfg(target_arch = "wasm32")]
	// SAFETY: the host reads `bytes.len()` bytes at `bytes`.
	unsafe {
		host::output_write(bytes.as_ptr(), bytes.len() as i32)
	}
	#[cfg(not(target_arch = "wasm32"))]
	{
		let _ = bytes;
		unimplemented!("only on wasm32")
	}
}

/// A debug line for the executor's log; not part of the result.
pub fn log(line: &str) {
	#[cfg(target_arch = "wasm32")]
	// SAFETY: the host reads `line.len()` bytes at `line`.
	unsafe {
		host::log(line.as_ptr(), line.len() as i32)
	}
	#[cfg(not(target_arch = "wasm32"))]
	{
		let _ = line;
		unimplemented!("only on wasm32")
	}
}

/// Reads the whole input into `buf` when it has exactly `N` bytes.
pub fn input_exact<const N: usize>() -> Option<[u8; N]> {
	if input_len() != N {
		return None;
	}
	let mut buf = [0u8; N];
	(read_input(&mut buf, 0) == N).then_some(buf)
}

/// Ends the run with a trap: no output.
pub fn trap() -> ! {
	#[cfg(target_arch = "wasm32")]
	core::arch::wasm32::unreachable();
	#[cfg(not(target_arch = "wasm32"))]
	unimplemented!("only on wasm32")
}

#[cfg(target_arch = "wasm32")]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
	trap()
}

#[cfg(all(feature = "alloc", target_arch = "wasm32"))]
mod bump {
	use core::{
		alloc::{GlobalAlloc, Layout},
		arch::wasm32::{memory_grow, memory_size},
		cell::Cell,
	};

	const PAGE: usize = 65_536;

	/// Hands out memory past the module's initial memory, growing it page by page; never frees.
	/// A program runs once on a single thread, so this is all it needs.
	struct Bump {
		/// Next free address; 0 before the first allocation.
		next: Cell<usize>,
		/// End of linear memory.
		end: Cell<usize>,
	}

	// SAFETY: wasm32-unknown-unknown programs are single-threaded.
	unsafe impl Sync for Bump {}

	unsafe impl GlobalAlloc for Bump {
		unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
			if self.next.get() == 0 {
				let end = memory_size(0) * PAGE;
				self.next.set(end);
				self.end.set(end);
			}
			let start = (self.next.get() + layout.align() - 1) & !(layout.align() - 1);
			let Some(next) = start.checked_add(layout.size()) else {
				return core::ptr::null_mut();
			};
			if next > self.end.get() {
				let pages = (next - self.end.get()).div_ceil(PAGE);
				if memory_grow(0, pages) == usize::MAX {
					return core::ptr::null_mut();
				}
				self.end.set(self.end.get() + pages * PAGE);
			}
			self.next.set(next);
			start as *mut u8
		}

		unsafe fn dealloc(&self, _ptr: *mut u8, _layout: Layout) {}
	}

	#[global_allocator]
	static ALLOCATOR: Bump = Bump { next: Cell::new(0), end: Cell::new(0) };
}
