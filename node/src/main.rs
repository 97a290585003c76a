//! `aether-node`: the Aether Chain node.

#![warn(missing_docs)]
// `sc_cli::Error` and `sc_service::Error` are the SDK's and large; every node returns them.
#![allow(clippy::result_large_err)]

mod chain_spec;
mod cli;
mod command;
mod executor;
mod parachain_spec;
mod rpc;
mod security;
mod service;
mod tsu;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
