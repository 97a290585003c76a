//! A small JSON-RPC client for aether-node: HTTP/1.1 over a plain TCP socket (the node serves HTTP
//! and WebSocket on the same port), storage reads decoded with the runtime's own types, and
//! signed extrinsics built with the runtime's `TxExtension`, submitted and followed until they are
//! in a block.

use aether_runtime::{
	Address, RuntimeCall, RuntimeError, RuntimeEvent, SignedPayload, TxExtension,
	UncheckedExtrinsic,
};
use codec::{Decode, Encode};
use polkadot_sdk::{
	frame_system::{self, EventRecord, Phase},
	sp_core::{crypto::Ss58Codec, sr25519, Pair, H256},
	sp_runtime::{
		traits::{BlakeTwo256, Hash as _},
		DispatchError, MultiSignature,
	},
};
use serde_json::{json, Value};
use std::{
	io::{BufRead, BufReader, Read, Write},
	net::TcpStream,
	time::{Duration, Instant},
};

/// What can go wrong talking to the node.
#[derive(Debug)]
pub enum ClientError {
	/// The node could not be reached or answered nonsense.
	Transport(String),
	/// The node answered with a JSON-RPC error.
	Rpc(String),
	/// The extrinsic was included and failed; the runtime's error, by name.
	Dispatch(String),
	/// The extrinsic did not reach a block in time.
	Timeout(String),
}

impl std::fmt::Display for ClientError {
	fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
		match self {
			ClientError::Transport(e) => write!(f, "cannot talk to the node: {e}"),
			ClientError::Rpc(e) => write!(f, "the node refused: {e}"),
			ClientError::Dispatch(e) => write!(f, "the chain refused the call: {e}"),
			ClientError::Timeout(e) => write!(f, "timed out: {e}"),
		}
	}
}

impl std::error::Error for ClientError {}

/// A connection to one node's RPC endpoint.
pub struct Client {
	host: String,
	port: u16,
	path: String,
}

/// A call that made it into a block: where, and the events it emitted.
pub struct Included {
	/// The block's hash.
	pub block: H256,
	/// The block's number.
	pub number: u32,
	/// Events of this extrinsic, `ExtrinsicSuccess` last.
	pub events: Vec<RuntimeEvent>,
}

impl Client {
	/// A client for `url`: `http://host:port[/path]` or `ws://…` (the same port serves both).
	pub fn new(url: &str) -> Result<Self, ClientError> {
		let rest =
			url.strip_prefix("http://").or_else(|| url.strip_prefix("ws://")).ok_or_else(|| {
				ClientError::Transport(format!("{url}: only http:// and ws:// URLs are supported"))
			})?;
		let (authority, path) = match rest.find('/') {
			Some(i) => (&rest[..i], rest[i..].to_string()),
			None => (rest, "/".to_string()),
		};
		let (host, port) = match authority.rsplit_once(':') {
			Some((host, port)) => (
				host.to_string(),
				port.parse().map_err(|_| ClientError::Transport(format!("bad port in {url}")))?,
			),
			None => (authority.to_string(), 80),
		};
		Ok(Self { host, port, path })
	}

	/// Call `method` with `params`; the `result` of the answer.
	pub fn call(&self, method: &str, params: Value) -> Result<Value, ClientError> {
		let body =
			json!({ "jsonrpc": "2.0", "id": 1, "method": method, "params": params }).to_string();
		let mut stream = TcpStream::connect((self.host.as_str(), self.port))
			.map_err(|e| ClientError::Transport(format!("{}:{}: {e}", self.host, self.port)))?;
		stream.set_read_timeout(Some(Duration::from_secs(60))).ok();
		let request = format!(
			"POST {} HTTP/1.1\r\nHost: {}:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{}",
			self.path,
			self.host,
			self.port,
			body.len(),
			body
		);
		stream.write_all(request.as_bytes()).map_err(|e| ClientError::Transport(e.to_string()))?;
		let mut reader = BufReader::new(stream);
		let mut status = String::new();
		reader.read_line(&mut status).map_err(|e| ClientError::Transport(e.to_string()))?;
		let mut length = None;
		let mut chunked = false;
		loop {
			let mut line = String::new();
			reader.read_line(&mut line).map_err(|e| ClientError::Transport(e.to_string()))?;
			let line = line.trim_end();
			if line.is_empty() {
				break;
			}
			let lower = line.to_ascii_lowercase();
			if let Some(v) = lower.strip_prefix("content-length:") {
				length = v.trim().parse::<usize>().ok();
			}
			if lower.starts_with("transfer-encoding:") && lower.contains("chunked") {
				chunked = true;
			}
		}
		let mut body = Vec::new();
		if chunked {
			loop {
				let mut size = String::new();
				reader.read_line(&mut size).map_err(|e| ClientError::Transport(e.to_string()))?;
				let size = usize::from_str_radix(size.trim(), 16)
					.map_err(|_| ClientError::Transport("bad chunk size".into()))?;
				if size == 0 {
					break;
				}
				let mut chunk = vec![0u8; size + 2];
				reader.read_exact(&mut chunk).map_err(|e| ClientError::Transport(e.to_string()))?;
				body.extend_from_slice(&chunk[..size]);
			}
		} else if let Some(length) = length {
			body.resize(length, 0);
			reader.read_exact(&mut body).map_err(|e| ClientError::Transport(e.to_string()))?;
		} else {
			reader.read_to_end(&mut body).map_err(|e| ClientError::Transport(e.to_string()))?;
		}
		if !status.contains(" 200") {
			return Err(ClientError::Transport(format!(
				"{}: {}",
				status.trim(),
				String::from_utf8_lossy(&body)
			)));
		}
		let answer: Value = serde_json::from_slice(&body)
			.map_err(|e| ClientError::Transport(format!("not JSON: {e}")))?;
		if let Some(error) = answer.get("error") {
			return Err(ClientError::Rpc(error.to_string()));
		}
		Ok(answer.get("result").cloned().unwrap_or(Value::Null))
	}

	/// Calls runtime API `method` (e.g. `CommandsApi_command`) with SCALE-encoded `args` at the
	/// best block and decodes the answer as `T`.
	pub fn runtime_call<T: Decode>(&self, method: &str, args: &[u8]) -> Result<T, ClientError> {
		let value = self.call("state_call", json!([method, hex(args)]))?;
		let bytes = unhex(value.as_str().unwrap_or_default())?;
		T::decode(&mut &bytes[..])
			.map_err(|e| ClientError::Transport(format!("cannot decode {method}: {e}")))
	}

	/// The raw value under storage `key` at the best block, if any.
	pub fn storage(&self, key: &[u8], at: Option<H256>) -> Result<Option<Vec<u8>>, ClientError> {
		let mut params = vec![json!(hex(key))];
		if let Some(at) = at {
			params.push(json!(format!("{at:?}")));
		}
		match self.call("state_getStorage", Value::Array(params))? {
			Value::String(s) => Ok(Some(unhex(&s)?)),
			_ => Ok(None),
		}
	}

	/// The value under storage `key`, decoded as `T`.
	pub fn storage_as<T: Decode>(&self, key: &[u8]) -> Result<Option<T>, ClientError> {
		self.storage(key, None)?
			.map(|bytes| {
				T::decode(&mut &bytes[..])
					.map_err(|e| ClientError::Transport(format!("cannot decode storage: {e}")))
			})
			.transpose()
	}

	/// Sign `call` with `signer`, submit it and wait (up to `timeout`) until it is in a block;
	/// an error names the runtime's error if it failed there.
	pub fn submit(
		&self,
		call: RuntimeCall,
		signer: &sr25519::Pair,
		timeout: Duration,
	) -> Result<Included, ClientError> {
		let account: aether_runtime::AccountId = signer.public().into();
		let genesis = self.block_hash(0)?;
		let version = self.call("state_getRuntimeVersion", json!([]))?;
		let spec_version = version["specVersion"].as_u64().unwrap_or(0) as u32;
		let tx_version = version["transactionVersion"].as_u64().unwrap_or(0) as u32;
		if spec_version != aether_runtime::VERSION.spec_version {
			eprintln!(
				"note: the chain runs spec_version {spec_version}, this shell was built for {}",
				aether_runtime::VERSION.spec_version
			);
		}
		let nonce = self
			.call("system_accountNextIndex", json!([account.to_ss58check()]))?
			.as_u64()
			.ok_or_else(|| ClientError::Transport("no nonce".into()))? as u32;

		let extension: TxExtension = aether_runtime::tx_extension(nonce, 0);
		let implicit = ((), (), spec_version, tx_version, genesis, genesis, (), (), (), None, ());
		let payload = SignedPayload::from_raw(call.clone(), extension.clone(), implicit);
		let signature = payload.using_encoded(|bytes| signer.sign(bytes));
		let extrinsic = UncheckedExtrinsic::new_signed(
			call,
			Address::Id(account),
			MultiSignature::Sr25519(signature),
			extension,
		);
		let encoded = extrinsic.encode();
		let tx_hash = BlakeTwo256::hash(&encoded);
		let start_number = self.best_number()?;
		self.call("author_submitExtrinsic", json!([hex(&encoded)]))?;

		// Follow the best chain from the block before submission until the extrinsic shows up.
		let deadline = Instant::now() + timeout;
		let mut next = start_number.saturating_add(1);
		while Instant::now() < deadline {
			let best = self.best_number()?;
			while next <= best {
				let block = self.block_hash(next)?;
				let body = self.call("chain_getBlock", json!([format!("{block:?}")]))?;
				let extrinsics =
					body["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
				for (index, xt) in extrinsics.iter().enumerate() {
					let bytes = unhex(xt.as_str().unwrap_or(""))?;
					if BlakeTwo256::hash(&bytes) == tx_hash {
						return self.outcome(block, next, index as u32);
					}
				}
				next += 1;
			}
			std::thread::sleep(Duration::from_millis(500));
		}
		Err(ClientError::Timeout(format!("extrinsic {tx_hash:?} not in a block")))
	}

	/// The events of extrinsic `index` of block `block`; an error if it failed.
	fn outcome(&self, block: H256, number: u32, index: u32) -> Result<Included, ClientError> {
		// `System::Events` is private to frame-system; its key is the usual storage-value key.
		let key = polkadot_sdk::frame_support::storage::storage_prefix(b"System", b"Events");
		let raw = self.storage(&key, Some(block))?.unwrap_or_default();
		let records = Vec::<EventRecord<RuntimeEvent, H256>>::decode(&mut &raw[..])
			.map_err(|e| ClientError::Transport(format!("cannot decode events: {e}")))?;
		let events: Vec<RuntimeEvent> = records
			.into_iter()
			.filter(|r| r.phase == Phase::ApplyExtrinsic(index))
			.map(|r| r.event)
			.collect();
		for event in &events {
			if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed {
				dispatch_error,
				..
			}) = event
			{
				return Err(ClientError::Dispatch(describe(dispatch_error)));
			}
		}
		Ok(Included { block, number, events })
	}

	/// The hash of block `number` of the best chain.
	pub fn block_hash(&self, number: u32) -> Result<H256, ClientError> {
		let value = self.call("chain_getBlockHash", json!([number]))?;
		let s =
			value.as_str().ok_or_else(|| ClientError::Transport(format!("no block #{number}")))?;
		let bytes = unhex(s)?;
		Ok(H256::from_slice(&bytes))
	}

	/// The best block's number.
	pub fn best_number(&self) -> Result<u32, ClientError> {
		let header = self.call("chain_getHeader", json!([]))?;
		let number = header["number"].as_str().unwrap_or("0x0");
		u32::from_str_radix(number.trim_start_matches("0x"), 16)
			.map_err(|_| ClientError::Transport(format!("bad block number {number}")))
	}
}

/// A dispatch error by name (`Chalice::NothingToClaim: The account has nothing to claim.`).
pub fn describe(error: &DispatchError) -> String {
	match RuntimeError::from_dispatch_error(*error) {
		Some(runtime_error) => format!("{runtime_error:?}"),
		None => format!("{error:?}"),
	}
}

/// `0x`-prefixed lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
	let mut s = String::with_capacity(2 + bytes.len() * 2);
	s.push_str("0x");
	for b in bytes {
		s.push_str(&format!("{b:02x}"));
	}
	s
}

/// Bytes from hex, with or without `0x`.
pub fn unhex(s: &str) -> Result<Vec<u8>, ClientError> {
	let s = s.trim_start_matches("0x");
	if s.len() % 2 != 0 {
		return Err(ClientError::Transport(format!("odd-length hex {s}")));
	}
	(0..s.len())
		.step_by(2)
		.map(|i| {
			u8::from_str_radix(&s[i..i + 2], 16)
				.map_err(|_| ClientError::Transport(format!("bad hex {s}")))
		})
		.collect()
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn urls_are_parsed_or_refused() {
		let c = Client::new("ws://127.0.0.1:9944").expect("a ws URL");
		assert_eq!((c.host.as_str(), c.port, c.path.as_str()), ("127.0.0.1", 9944, "/"));
		let c = Client::new("http://node.example:80/rpc").expect("an http URL");
		assert_eq!((c.host.as_str(), c.port, c.path.as_str()), ("node.example", 80, "/rpc"));
		assert!(Client::new("wss://x:1").is_err());
		assert!(Client::new("http://x:notaport").is_err());
	}

	#[test]
	fn hex_round_trips_and_rejects_garbage() {
		assert_eq!(hex(&[0, 0xab, 0xff]), "0x00abff");
		assert_eq!(unhex("0x00abff").unwrap(), vec![0, 0xab, 0xff]);
		assert_eq!(unhex("00ab").unwrap(), vec![0, 0xab]);
		assert!(unhex("0xabc").is_err());
		assert!(unhex("0xzz").is_err());
	}

	#[test]
	fn dispatch_errors_are_named() {
		let error: DispatchError =
			aether_runtime::pallet_chalice::Error::<aether_runtime::Runtime>::NothingToClaim.into();
		assert!(describe(&error).contains("NothingToClaim"), "{}", describe(&error));
	}
}
