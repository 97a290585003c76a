//! JSON-RPC: the standard Substrate methods plus `poc_status`, `entropy_beacon`, `tsu_health`,
//! `chalice_period` and `chalice_rewards`.

use aether_primitives::{
	chalice::{AccountRewards, ChaliceApi, PeriodStatus},
	entropy::{BeaconStatus, EntropyApi},
	poc::{PocApi, PocStatus, SlotDuration},
	AccountId, Balance, Nonce,
};
use aether_runtime::opaque::Block;
use aether_tsu::{HealthStatus, Tsu};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{ErrorObject, ErrorObjectOwned},
	RpcModule,
};
use polkadot_sdk::{
	pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer},
	sc_transaction_pool_api::TransactionPool,
	sp_api::ProvideRuntimeApi,
	sp_block_builder::BlockBuilder,
	sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata},
	sp_core::{bytes::to_hex, crypto::Ss58Codec},
	sp_runtime::traits::Block as BlockT,
	substrate_frame_rpc_system::{System, SystemApiServer},
};
use serde::Serialize;
use std::{marker::PhantomData, sync::Arc};

type Hash = <Block as BlockT>::Hash;

/// What the RPC extensions need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The node's TSU.
	pub tsu: Arc<Tsu>,
}

/// The RPC methods of a full node beside the standard ones.
pub fn create_full<C, P>(
	deps: FullDeps<C, P>,
) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: polkadot_sdk::substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ polkadot_sdk::pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ BlockBuilder<Block>
		+ PocApi<Block, AccountId>
		+ EntropyApi<Block, AccountId>
		+ ChaliceApi<Block, AccountId, Balance, u32>,
	P: TransactionPool + 'static,
{
	let mut module = RpcModule::new(());
	let FullDeps { client, pool, tsu } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	module.merge(Poc::new(client.clone()).into_rpc())?;
	module.merge(Entropy { client: client.clone(), tsu }.into_rpc())?;
	module.merge(Chalice { client }.into_rpc())?;
	Ok(module)
}

/// One authority in [`PocStatusResponse`].
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityResponse {
	/// The validator's account (SS58).
	pub account: String,
	/// Its PoC key (SS58).
	pub authority: String,
	/// Contribution score, decayed to the block (decimal string: it may exceed 2^53).
	pub score: String,
	/// Lottery weight after floor and cap (decimal string).
	pub weight: String,
	/// Share of the total weight, in [0, 1].
	pub share: f64,
}

/// The answer of `poc_status`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PocStatusResponse {
	/// Number of the block the status was read at.
	pub best_number: u32,
	/// Hash of that block.
	pub best_hash: Hash,
	/// Slot of that block.
	pub slot: u64,
	/// The current slot by this node's clock.
	pub current_slot: u64,
	/// Difficulty `c` for the next block: the probability that some authority wins a slot.
	pub difficulty: f64,
	/// `c` in parts per billion, exactly as stored.
	pub difficulty_perbill: u32,
	/// Authorities with scores, weights and shares.
	pub authorities: Vec<AuthorityResponse>,
	/// Mean block time over the retarget window.
	pub mean_block_time_ms: u64,
	/// Blocks in the retarget window.
	pub window_len: u32,
	/// Target block time.
	pub target_block_time_ms: u64,
	/// Slot duration.
	pub slot_duration_ms: u64,
	/// Current epoch.
	pub epoch_index: u64,
	/// Floor of every authority's weight (decimal string).
	pub weight_floor: String,
	/// Largest share of the total weight one authority may hold, in [0, 1].
	pub weight_cap: f64,
}

impl PocStatusResponse {
	fn new(
		number: u32,
		hash: Hash,
		status: PocStatus<AccountId>,
		slot_duration: SlotDuration,
	) -> Self {
		let total: u128 = status.authorities.iter().map(|a| a.weight).sum();
		let now_ms = std::time::SystemTime::now()
			.duration_since(std::time::UNIX_EPOCH)
			.map(|d| d.as_millis() as u64)
			.unwrap_or_default();
		Self {
			best_number: number,
			best_hash: hash,
			slot: status.slot.into(),
			current_slot: now_ms / slot_duration.as_millis().max(1),
			difficulty: status.difficulty.deconstruct() as f64 / 1e9,
			difficulty_perbill: status.difficulty.deconstruct(),
			authorities: status
				.authorities
				.into_iter()
				.map(|a| AuthorityResponse {
					account: a.account.to_ss58check(),
					authority: a.authority.to_ss58check(),
					score: a.score.to_string(),
					weight: a.weight.to_string(),
					share: if total == 0 { 0.0 } else { a.weight as f64 / total as f64 },
				})
				.collect(),
			mean_block_time_ms: status.mean_block_time_ms,
			window_len: status.window_len,
			target_block_time_ms: status.target_block_time_ms,
			slot_duration_ms: status.slot_duration_ms,
			epoch_index: status.epoch_index,
			weight_floor: status.weight_floor.to_string(),
			weight_cap: status.weight_cap.deconstruct() as f64 / 1e9,
		}
	}
}

/// Proof-of-Contribution RPC methods.
#[rpc(server)]
pub trait PocRpc {
	/// The lottery's state at block `at` (default: best): slot, difficulty `c`, every
	/// authority's contribution score, weight and share, and the mean block time over the
	/// retarget window.
	#[method(name = "poc_status")]
	fn status(&self, at: Option<Hash>) -> RpcResult<PocStatusResponse>;
}

/// Serves [`PocRpcServer`] from a client.
pub struct Poc<C> {
	client: Arc<C>,
	_phantom: PhantomData<Block>,
}

impl<C> Poc<C> {
	/// Serve from `client`.
	pub fn new(client: Arc<C>) -> Self {
		Self { client, _phantom: PhantomData }
	}
}

fn internal_error(message: String) -> ErrorObjectOwned {
	ErrorObject::owned(1, message, None::<()>)
}

/// The block `at` (default: best) with its number, or an error for an unknown block.
fn resolve_block<C: HeaderBackend<Block>>(client: &C, at: Option<Hash>) -> RpcResult<(Hash, u32)> {
	let hash = at.unwrap_or_else(|| client.info().best_hash);
	let number = client
		.number(hash)
		.map_err(|e| internal_error(e.to_string()))?
		.ok_or_else(|| internal_error(format!("unknown block {hash:?}")))?;
	Ok((hash, number))
}

impl<C> PocRpcServer for Poc<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PocApi<Block, AccountId>,
{
	fn status(&self, at: Option<Hash>) -> RpcResult<PocStatusResponse> {
		let (hash, number) = resolve_block(&*self.client, at)?;
		let api = self.client.runtime_api();
		let status = api.status(hash).map_err(|e| internal_error(e.to_string()))?;
		let slot_duration = api.slot_duration(hash).map_err(|e| internal_error(e.to_string()))?;
		Ok(PocStatusResponse::new(number, hash, status, slot_duration))
	}
}

/// One authority in [`BeaconResponse`].
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BeaconAuthorityResponse {
	/// The validator's account (SS58).
	pub account: String,
	/// Its entropy session key (SS58).
	pub key: String,
	/// Consecutive bad rounds (missed reveal or reported health failure).
	pub strikes: u32,
	/// Whether it is isolated from the beacon.
	pub isolated: bool,
}

/// The answer of `entropy_beacon`.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BeaconResponse {
	/// Number of the block the status was read at.
	pub at_number: u32,
	/// The round in progress.
	pub round: u32,
	/// Blocks per round: the first half takes commitments, the second reveals.
	pub round_length: u32,
	/// The latest finished round, if any.
	pub latest_round: Option<u32>,
	/// Its output (hex).
	pub latest_output: Option<String>,
	/// How many reveals were mixed into it.
	pub latest_contributors: Option<u32>,
	/// The beacon's authorities.
	pub authorities: Vec<BeaconAuthorityResponse>,
}

impl BeaconResponse {
	fn new(at_number: u32, status: BeaconStatus<AccountId>) -> Self {
		let (latest_round, latest_output, latest_contributors) = match status.latest {
			Some((round, output, contributors)) => {
				(Some(round), Some(to_hex(&output, false)), Some(contributors))
			},
			None => (None, None, None),
		};
		Self {
			at_number,
			round: status.round,
			round_length: status.round_length,
			latest_round,
			latest_output,
			latest_contributors,
			authorities: status
				.authorities
				.into_iter()
				.map(|(account, key, strikes, isolated)| BeaconAuthorityResponse {
					account: account.to_ss58check(),
					key: key.to_ss58check(),
					strikes,
					isolated,
				})
				.collect(),
		}
	}
}

/// Entropy RPC methods: the on-chain beacon and this node's TSU.
#[rpc(server)]
pub trait EntropyRpc {
	/// The entropy beacon at block `at` (default: best): round, latest output and its number of
	/// reveals, and every authority's strikes and isolation.
	#[method(name = "entropy_beacon")]
	fn beacon(&self, at: Option<Hash>) -> RpcResult<BeaconResponse>;

	/// This node's TSU: backend, health state, bytes produced, health failures and the current
	/// min-entropy estimate of its raw samples.
	#[method(name = "tsu_health")]
	fn tsu_health(&self) -> RpcResult<HealthStatus>;
}

/// Serves [`EntropyRpcServer`].
pub struct Entropy<C> {
	client: Arc<C>,
	tsu: Arc<Tsu>,
}

impl<C> EntropyRpcServer for Entropy<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: EntropyApi<Block, AccountId>,
{
	fn beacon(&self, at: Option<Hash>) -> RpcResult<BeaconResponse> {
		let (hash, number) = resolve_block(&*self.client, at)?;
		let status = self
			.client
			.runtime_api()
			.beacon_status(hash)
			.map_err(|e| internal_error(e.to_string()))?;
		Ok(BeaconResponse::new(number, status))
	}

	fn tsu_health(&self) -> RpcResult<HealthStatus> {
		Ok(self.tsu.status())
	}
}

/// The answer of `chalice_period`. Amounts are decimal strings: they may exceed 2^53.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeriodResponse {
	/// Number of the block the period was read at.
	pub at_number: u32,
	/// The period's index.
	pub index: u32,
	/// Its first block.
	pub started_at: u32,
	/// The block that closes it.
	pub ends_at: u32,
	/// Minted into the pot in this period.
	pub issued: String,
	/// Fees, tips and data prices paid into the pot in this period.
	pub fees: String,
	/// Carried over from earlier periods.
	pub carried_in: String,
	/// The data originators' pool so far.
	pub originator_pool: String,
	/// The computational validators' pool so far.
	pub validator_pool: String,
	/// The treasury's share so far.
	pub treasury_pool: String,
	/// Usage-receipt points (prices paid).
	pub originator_points: String,
	/// Validator points, each account's raised to the floor.
	pub validator_points: String,
	/// The floor of validator points.
	pub validator_floor: String,
	/// Accounts that earned points in the period.
	pub participants: u32,
}

impl PeriodResponse {
	fn new(at_number: u32, period: PeriodStatus<Balance, u32>) -> Self {
		Self {
			at_number,
			index: period.index,
			started_at: period.started_at,
			ends_at: period.ends_at,
			issued: period.issued.to_string(),
			fees: period.fees.to_string(),
			carried_in: period.carried_in.to_string(),
			originator_pool: period.originator_pool.to_string(),
			validator_pool: period.validator_pool.to_string(),
			treasury_pool: period.treasury_pool.to_string(),
			originator_points: period.originator_points.to_string(),
			validator_points: period.validator_points.to_string(),
			validator_floor: period.validator_floor.to_string(),
			participants: period.participants,
		}
	}
}

/// The answer of `chalice_rewards`. Amounts are decimal strings.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RewardsResponse {
	/// The account (SS58).
	pub account: String,
	/// What `chalice.claim` would pay now.
	pub claimable: String,
	/// Usage-receipt points in the open period.
	pub pending_originator_points: String,
	/// Validator points in the open period.
	pub pending_validator_points: String,
}

impl RewardsResponse {
	fn new(account: &AccountId, rewards: AccountRewards<Balance>) -> Self {
		Self {
			account: account.to_ss58check(),
			claimable: rewards.claimable.to_string(),
			pending_originator_points: rewards.pending_originator_points.to_string(),
			pending_validator_points: rewards.pending_validator_points.to_string(),
		}
	}
}

/// Chalice economy RPC methods.
#[rpc(server)]
pub trait ChaliceRpc {
	/// The reward period in progress at block `at` (default: best): its pools, points and end.
	#[method(name = "chalice_period")]
	fn period(&self, at: Option<Hash>) -> RpcResult<PeriodResponse>;

	/// What `account` (SS58) can claim at block `at` (default: best), and its points in the
	/// open period.
	#[method(name = "chalice_rewards")]
	fn rewards(&self, account: String, at: Option<Hash>) -> RpcResult<RewardsResponse>;
}

/// Serves [`ChaliceRpcServer`].
pub struct Chalice<C> {
	client: Arc<C>,
}

impl<C> ChaliceRpcServer for Chalice<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: ChaliceApi<Block, AccountId, Balance, u32>,
{
	fn period(&self, at: Option<Hash>) -> RpcResult<PeriodResponse> {
		let (hash, number) = resolve_block(&*self.client, at)?;
		let period = self
			.client
			.runtime_api()
			.current_period(hash)
			.map_err(|e| internal_error(e.to_string()))?;
		Ok(PeriodResponse::new(number, period))
	}

	fn rewards(&self, account: String, at: Option<Hash>) -> RpcResult<RewardsResponse> {
		let who = AccountId::from_ss58check(&account).map_err(|e| {
			ErrorObject::owned(
				jsonrpsee::types::error::INVALID_PARAMS_CODE,
				format!("not an SS58 account: {account} ({e:?})"),
				None::<()>,
			)
		})?;
		let (hash, _) = resolve_block(&*self.client, at)?;
		let rewards = self
			.client
			.runtime_api()
			.rewards_of(hash, who.clone())
			.map_err(|e| internal_error(e.to_string()))?;
		Ok(RewardsResponse::new(&who, rewards))
	}
}
