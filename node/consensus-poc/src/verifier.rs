//! The import verifier: every block is checked against its parent's state before import.

use crate::{Error, LOG_TARGET, MAX_SLOT_DRIFT};
use aether_primitives::{
	poc::{
		verification::{check_header, CheckedHeader},
		AuthorityId, EquivocationProof, PocApi,
	},
	AccountId,
};
use log::{debug, info, warn};
use polkadot_sdk::{
	sc_client_api::{AuxStore, UsageProvider},
	sc_consensus::{
		import_queue::{BasicQueue, BoxJustificationImport, DefaultImportQueue, Verifier},
		BlockImport, BlockImportParams, ForkChoiceStrategy,
	},
	sc_consensus_slots::{check_equivocation, InherentDataProviderExt},
	sc_telemetry::{telemetry, TelemetryHandle, CONSENSUS_DEBUG, CONSENSUS_TRACE},
	sc_transaction_pool_api::OffchainTransactionPoolFactory,
	sp_api::{ApiExt, ProvideRuntimeApi},
	sp_block_builder::BlockBuilder as BlockBuilderApi,
	sp_blockchain::{HeaderBackend, HeaderMetadata},
	sp_consensus::Error as ConsensusError,
	sp_consensus_slots::Slot,
	sp_core::traits::SpawnEssentialNamed,
	sp_inherents::{CreateInherentDataProviders, InherentDataProvider as _},
	sp_runtime::traits::{Block as BlockT, Header as HeaderT},
	substrate_prometheus_endpoint::Registry,
};
use std::{marker::PhantomData, sync::Arc};

/// Verifies PoC blocks before import. See the crate docs for what is checked.
pub struct PocVerifier<B: BlockT, C, CIDP> {
	client: Arc<C>,
	create_inherent_data_providers: CIDP,
	offchain_tx_pool_factory: OffchainTransactionPoolFactory<B>,
	telemetry: Option<TelemetryHandle>,
	_phantom: PhantomData<fn() -> B>,
}

impl<B, C, CIDP> PocVerifier<B, C, CIDP>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + HeaderBackend<B> + AuxStore,
	C::Api: PocApi<B, AccountId>,
{
	/// A verifier reading lottery parameters from `client` and reporting equivocations through
	/// the transaction pool behind `offchain_tx_pool_factory`.
	pub fn new(
		client: Arc<C>,
		create_inherent_data_providers: CIDP,
		offchain_tx_pool_factory: OffchainTransactionPoolFactory<B>,
		telemetry: Option<TelemetryHandle>,
	) -> Self {
		Self {
			client,
			create_inherent_data_providers,
			offchain_tx_pool_factory,
			telemetry,
			_phantom: PhantomData,
		}
	}

	/// Record `header` (sealed) as `author`'s block for `slot`; if the author already sealed
	/// another block for that slot, submit an equivocation report at the best block.
	fn check_and_report_equivocation(
		&self,
		slot_now: Slot,
		slot: Slot,
		header: &B::Header,
		author: &AuthorityId,
	) -> Result<(), Error> {
		let Some(proof) = check_equivocation(&*self.client, slot_now, slot, header, author)? else {
			return Ok(());
		};
		warn!(
			target: LOG_TARGET,
			"⚠️ Authority {author:?} equivocated in slot {slot}: {:?} and {:?}",
			proof.first_header.hash(),
			proof.second_header.hash(),
		);
		let proof: EquivocationProof<B::Header> = proof;
		let best_hash = self.client.info().best_hash;
		let mut runtime_api = self.client.runtime_api();
		runtime_api
			.register_extension(self.offchain_tx_pool_factory.offchain_transaction_pool(best_hash));
		match runtime_api.submit_report_equivocation_unsigned_extrinsic(best_hash, proof) {
			Ok(Some(())) => {
				info!(target: LOG_TARGET, "Submitted equivocation report for {author:?}")
			},
			Ok(None) => warn!(target: LOG_TARGET, "The pool refused the equivocation report"),
			Err(e) => return Err(Error::RuntimeApi(e.to_string())),
		}
		Ok(())
	}
}

#[async_trait::async_trait]
impl<B, C, CIDP> Verifier<B> for PocVerifier<B, C, CIDP>
where
	B: BlockT,
	C: ProvideRuntimeApi<B>
		+ HeaderBackend<B>
		+ HeaderMetadata<B, Error = polkadot_sdk::sp_blockchain::Error>
		+ AuxStore
		+ Send
		+ Sync,
	C::Api: PocApi<B, AccountId> + BlockBuilderApi<B> + ApiExt<B>,
	CIDP: CreateInherentDataProviders<B, ()> + Send + Sync,
	CIDP::InherentDataProviders: InherentDataProviderExt + Send + Sync,
{
	async fn verify(
		&self,
		mut block: BlockImportParams<B>,
	) -> Result<BlockImportParams<B>, String> {
		// Warp and gap sync import state or blocks already proven by a finality proof.
		if block.with_state() || block.state_action.skip_execution_checks() {
			block.fork_choice = Some(ForkChoiceStrategy::Custom(block.with_state()));
			return Ok(block);
		}

		let hash = block.header.hash();
		let number = *block.header.number();
		let parent_hash = *block.header.parent_hash();
		let reject = |reason: String| {
			warn!(target: LOG_TARGET, "❌ Rejected block #{number} ({hash:?}): {reason}");
			telemetry!(
				self.telemetry;
				CONSENSUS_DEBUG;
				"poc.rejected_block";
				"hash" => ?hash,
				"reason" => &reason,
			);
			format!("Rejected PoC block #{number} ({hash:?}): {reason}")
		};

		let params =
			self.client.runtime_api().lottery(parent_hash).map_err(|e| {
				reject(format!("cannot read lottery parameters of the parent: {e}"))
			})?;
		let inherent_data_providers = self
			.create_inherent_data_providers
			.create_inherent_data_providers(parent_hash, ())
			.await
			.map_err(|e| reject(format!("cannot create inherent data providers: {e}")))?;
		let slot_now = inherent_data_providers.slot();

		let CheckedHeader { pre_header, pre_digest, seal, author } =
			check_header(block.header.clone(), &params, slot_now + MAX_SLOT_DRIFT)
				.map_err(|e| reject(e.to_string()))?;

		if let Err(e) =
			self.check_and_report_equivocation(slot_now, pre_digest.slot, &block.header, &author)
		{
			warn!(target: LOG_TARGET, "Equivocation check failed: {e}");
		}

		if let Some(body) = block.body.take() {
			let inherent_data = inherent_data_providers
				.create_inherent_data()
				.await
				.map_err(|e| reject(format!("cannot create inherent data: {e}")))?;
			let checked_block = B::new(pre_header.clone(), body);
			polkadot_sdk::sp_block_builder::check_inherents_with_data(
				self.client.clone(),
				parent_hash,
				checked_block.clone(),
				&inherent_data_providers,
				inherent_data,
			)
			.await
			.map_err(|e| reject(format!("invalid inherents: {e:?}")))?;
			let (_, body) = checked_block.deconstruct();
			block.body = Some(body);
		}

		debug!(
			target: LOG_TARGET,
			"Checked #{number} ({hash:?}): slot {}, {:?} claim by authority {}",
			pre_digest.slot,
			pre_digest.kind,
			pre_digest.authority_index,
		);
		telemetry!(
			self.telemetry;
			CONSENSUS_TRACE;
			"poc.checked_and_importing";
			"pre_header" => ?pre_header,
		);
		block.header = pre_header;
		block.post_digests.push(seal);
		block.fork_choice = Some(ForkChoiceStrategy::LongestChain);
		block.post_hash = Some(hash);
		Ok(block)
	}
}

/// Parameters of [`import_queue`].
pub struct ImportQueueParams<'a, B: BlockT, I, C, S, CIDP> {
	/// Imports verified blocks (GRANDPA's block import wrapping the client).
	pub block_import: I,
	/// Imports justifications (GRANDPA).
	pub justification_import: Option<BoxJustificationImport<B>>,
	/// The client.
	pub client: Arc<C>,
	/// Creates the timestamp and slot providers used to check inherents and the clock.
	pub create_inherent_data_providers: CIDP,
	/// Spawns the import task.
	pub spawner: &'a S,
	/// Prometheus registry.
	pub registry: Option<&'a Registry>,
	/// Where equivocation reports go.
	pub offchain_tx_pool_factory: OffchainTransactionPoolFactory<B>,
	/// Telemetry.
	pub telemetry: Option<TelemetryHandle>,
}

/// The import queue of a PoC chain: [`PocVerifier`] in front of `block_import`.
pub fn import_queue<B, I, C, S, CIDP>(
	params: ImportQueueParams<'_, B, I, C, S, CIDP>,
) -> Result<DefaultImportQueue<B>, ConsensusError>
where
	B: BlockT,
	C: ProvideRuntimeApi<B>
		+ HeaderBackend<B>
		+ HeaderMetadata<B, Error = polkadot_sdk::sp_blockchain::Error>
		+ AuxStore
		+ UsageProvider<B>
		+ Send
		+ Sync
		+ 'static,
	C::Api: PocApi<B, AccountId> + BlockBuilderApi<B> + ApiExt<B>,
	I: BlockImport<B, Error = ConsensusError> + Send + Sync + 'static,
	S: SpawnEssentialNamed,
	CIDP: CreateInherentDataProviders<B, ()> + Send + Sync + 'static,
	CIDP::InherentDataProviders: InherentDataProviderExt + Send + Sync,
{
	let verifier = PocVerifier::new(
		params.client,
		params.create_inherent_data_providers,
		params.offchain_tx_pool_factory,
		params.telemetry,
	);
	Ok(BasicQueue::new(
		verifier,
		Box::new(params.block_import),
		params.justification_import,
		params.spawner,
		params.registry,
	))
}
