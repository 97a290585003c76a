//! The slot worker: claims slots by VRF lottery (or fallback) and seals the blocks it authors.

use crate::{Error, LOG_TARGET};
use aether_primitives::{
	poc::{
		digests::CompatibleDigestItem,
		verification::{fallback_author, lottery_value, threshold, total_weight, vrf_sign_data},
		AuthorityId, AuthorityIndex, AuthoritySignature, ClaimKind, LotteryParams, PocApi,
		PreDigest, Slot, SlotDuration, KEY_TYPE,
	},
	AccountId,
};
use futures::{Future, TryFutureExt};
use log::{debug, info, warn};
use polkadot_sdk::{
	sc_client_api::{AuxStore, BlockOf},
	sc_consensus::{
		BlockImport, BlockImportParams, ForkChoiceStrategy, JustificationSyncLink, StateAction,
		StorageChanges as ConsensusStorageChanges,
	},
	sc_consensus_slots::{
		self, InherentDataProviderExt, SimpleSlotWorker, SlotInfo, SlotProportion, SlotWorker,
		StorageChanges,
	},
	sc_telemetry::TelemetryHandle,
	sp_api::ProvideRuntimeApi,
	sp_application_crypto::{AppCrypto, ByteArray},
	sp_blockchain::HeaderBackend,
	sp_consensus::{
		BlockOrigin, Environment, Error as ConsensusError, Proposer, SelectChain, SyncOracle,
	},
	sp_inherents::{CreateInherentDataProviders, InherentData, InherentDataProvider},
	sp_keystore::{Keystore, KeystorePtr},
	sp_runtime::{
		traits::{Block as BlockT, Header as HeaderT},
		DigestItem,
	},
};
use std::{marker::PhantomData, pin::Pin, sync::Arc};

/// A won slot: the pre-digest to put in the block and the key that will seal it.
#[derive(Clone, Debug)]
pub struct Claim {
	/// The pre-runtime digest.
	pub pre_digest: PreDigest,
	/// The authority key that claimed the slot.
	pub author: AuthorityId,
}

/// Try to claim `slot` with the keys in `keystore`, against the lottery parameters of the parent.
///
/// Every local authority key evaluates its VRF; the first whose lottery number is below its
/// threshold claims a primary slot. Otherwise, if the slot is at least `fallback_after` slots after
/// the parent's, the slot's fallback author (if it is local) claims a fallback slot.
pub fn claim_slot(slot: Slot, params: &LotteryParams, keystore: &KeystorePtr) -> Option<Claim> {
	if slot <= params.parent_slot {
		return None;
	}
	let total = total_weight(params);
	let sign_data = vrf_sign_data(&params.randomness, slot);
	let local = |key: &AuthorityId| keystore.has_keys(&[(key.to_raw_vec(), KEY_TYPE)]);
	let vrf_sign = |key: &AuthorityId| {
		keystore.sr25519_vrf_sign(KEY_TYPE, key.as_ref(), &sign_data).ok().flatten()
	};

	for (index, (key, weight)) in params.authorities.iter().enumerate() {
		if !local(key) {
			continue;
		}
		let Some(vrf_signature) = vrf_sign(key) else { continue };
		let Some(value) = lottery_value(key, &params.randomness, slot, &vrf_signature.pre_output)
		else {
			continue;
		};
		if value < threshold(params.difficulty, *weight, total) {
			return Some(Claim {
				pre_digest: PreDigest {
					authority_index: index as AuthorityIndex,
					slot,
					kind: ClaimKind::Primary,
					vrf_signature,
				},
				author: key.clone(),
			});
		}
	}

	if u64::from(slot) < u64::from(params.parent_slot).saturating_add(params.fallback_after) {
		return None;
	}
	let index = fallback_author(&params.randomness, slot, params.authorities.iter().map(|a| a.1))?;
	let (key, _) = params.authorities.get(index as usize)?;
	if !local(key) {
		return None;
	}
	let vrf_signature = vrf_sign(key)?;
	Some(Claim {
		pre_digest: PreDigest {
			authority_index: index,
			slot,
			kind: ClaimKind::Fallback,
			vrf_signature,
		},
		author: key.clone(),
	})
}

/// Sign `header_hash` with `author`'s key and wrap the signature as a PoC seal.
pub(crate) fn seal(
	header_hash: &[u8],
	author: &AuthorityId,
	keystore: &KeystorePtr,
) -> Result<DigestItem, Error> {
	let signature = keystore
		.sign_with(AuthorityId::ID, AuthorityId::CRYPTO_ID, author.as_slice(), header_hash)
		.map_err(|e| Error::CannotSign(format!("{e}; key {author:?}")))?
		.ok_or_else(|| Error::CannotSign(format!("key {author:?} is not in the keystore")))?;
	let signature = AuthoritySignature::try_from(signature)
		.map_err(|_| Error::CannotSign("signature of the wrong length".into()))?;
	Ok(DigestItem::poc_seal(signature))
}

/// Parameters of [`start_poc`].
pub struct StartPocParams<C, SC, I, PF, SO, L, CIDP> {
	/// Slot duration (from [`crate::slot_duration`]).
	pub slot_duration: SlotDuration,
	/// The client.
	pub client: Arc<C>,
	/// Chooses the chain to build on.
	pub select_chain: SC,
	/// Imports the blocks this node authors (GRANDPA's block import wrapping the client).
	pub block_import: I,
	/// Builds block proposals.
	pub proposer_factory: PF,
	/// Tells whether the node is syncing (no authoring while major syncing).
	pub sync_oracle: SO,
	/// Lets the worker ask sync for justifications.
	pub justification_sync_link: L,
	/// Creates the timestamp and slot providers.
	pub create_inherent_data_providers: CIDP,
	/// Author even when offline (no peers).
	pub force_authoring: bool,
	/// Holds the authority keys.
	pub keystore: KeystorePtr,
	/// Share of the slot given to building a block.
	pub block_proposal_slot_portion: SlotProportion,
	/// Telemetry.
	pub telemetry: Option<TelemetryHandle>,
	/// **Tests only.** Seal a second, different block in every slot this node wins: an
	/// equivocation, for the network test that checks it is detected, reported and penalised.
	pub test_equivocate: bool,
}

/// Start the PoC slot worker. The returned future runs forever; spawn it as an essential task.
pub fn start_poc<B, C, SC, I, PF, SO, L, CIDP, Er>(
	params: StartPocParams<C, SC, I, PF, SO, L, CIDP>,
) -> Result<impl Future<Output = ()>, ConsensusError>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + BlockOf + AuxStore + HeaderBackend<B> + Send + Sync + 'static,
	C::Api: PocApi<B, AccountId>,
	SC: SelectChain<B>,
	I: BlockImport<B> + Send + Sync + 'static,
	PF: Environment<B, Error = Er> + Send + Sync + 'static,
	PF::Proposer: Proposer<B, Error = Er>,
	SO: SyncOracle + Send + Sync + Clone,
	L: JustificationSyncLink<B>,
	CIDP: CreateInherentDataProviders<B, ()> + Send + 'static,
	CIDP::InherentDataProviders: InherentDataProviderExt + Send,
	Er: std::error::Error + Send + From<ConsensusError> + 'static,
{
	let StartPocParams {
		slot_duration,
		client,
		select_chain,
		block_import,
		proposer_factory,
		sync_oracle,
		justification_sync_link,
		create_inherent_data_providers,
		force_authoring,
		keystore,
		block_proposal_slot_portion,
		telemetry,
		test_equivocate,
	} = params;
	let worker = PocWorker {
		client,
		block_import,
		env: proposer_factory,
		keystore,
		sync_oracle: sync_oracle.clone(),
		justification_sync_link,
		force_authoring,
		block_proposal_slot_portion,
		telemetry,
		second_block: false,
		_phantom: PhantomData::<fn() -> B>,
	};
	if test_equivocate {
		warn!(target: LOG_TARGET, "⚠️ --test-equivocate: this node will seal two blocks in every slot it wins");
	}
	Ok(sc_consensus_slots::start_slot_worker(
		slot_duration,
		select_chain,
		PocSlotWorker { worker, test_equivocate },
		sync_oracle,
		create_inherent_data_providers,
	))
}

/// The slot loop's worker: [`SimpleSlotWorker::on_slot`] of the PoC worker, and, with
/// `test_equivocate`, a second block in the same slot on the same parent.
struct PocSlotWorker<W> {
	worker: W,
	test_equivocate: bool,
}

/// Inherent data fixed in advance: lets the test-only second block use the first one's.
struct FixedInherentData(InherentData);

#[async_trait::async_trait]
impl InherentDataProvider for FixedInherentData {
	async fn provide_inherent_data(
		&self,
		inherent_data: &mut InherentData,
	) -> Result<(), polkadot_sdk::sp_inherents::Error> {
		*inherent_data = self.0.clone();
		Ok(())
	}

	async fn try_handle_error(
		&self,
		_: &polkadot_sdk::sp_inherents::InherentIdentifier,
		_: &[u8],
	) -> Option<Result<(), polkadot_sdk::sp_inherents::Error>> {
		None
	}
}

#[async_trait::async_trait]
impl<B, C, E, I, Er, SO, L> SlotWorker<B> for PocSlotWorker<PocWorker<B, C, E, I, SO, L>>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + BlockOf + HeaderBackend<B> + Sync + Send,
	C::Api: PocApi<B, AccountId>,
	E: Environment<B, Error = Er> + Send + Sync,
	E::Proposer: Proposer<B, Error = Er>,
	I: BlockImport<B> + Send + Sync + 'static,
	SO: SyncOracle + Send + Clone + Sync,
	L: JustificationSyncLink<B>,
	Er: std::error::Error + Send + From<ConsensusError> + 'static,
{
	async fn on_slot(&mut self, slot_info: SlotInfo<B>) -> Option<B> {
		if !self.test_equivocate {
			return SimpleSlotWorker::on_slot(&mut self.worker, slot_info).await;
		}
		let SlotInfo {
			slot,
			ends_at,
			create_inherent_data,
			duration,
			chain_head,
			block_size_limit,
			..
		} = slot_info;
		let data = match create_inherent_data.create_inherent_data().await {
			Ok(data) => data,
			Err(e) => {
				warn!(target: LOG_TARGET, "no inherent data for slot {slot}: {e}");
				return None;
			},
		};
		let info = |data: InherentData| SlotInfo {
			slot,
			ends_at,
			create_inherent_data: Box::new(FixedInherentData(data)),
			duration,
			chain_head: chain_head.clone(),
			block_size_limit,
			storage_proof_recorder: None,
		};
		let first = SimpleSlotWorker::on_slot(&mut self.worker, info(data.clone())).await?;
		self.worker.second_block = true;
		let second = SimpleSlotWorker::on_slot(&mut self.worker, info(data)).await;
		self.worker.second_block = false;
		match second {
			Some(block) => warn!(
				target: LOG_TARGET,
				"⚠️ --test-equivocate: sealed a second block in slot {slot}: {:?}",
				block.header().hash()
			),
			None => warn!(target: LOG_TARGET, "--test-equivocate: no second block in slot {slot}"),
		}
		Some(first)
	}
}

struct PocWorker<B, C, E, I, SO, L> {
	client: Arc<C>,
	block_import: I,
	env: E,
	keystore: KeystorePtr,
	sync_oracle: SO,
	justification_sync_link: L,
	force_authoring: bool,
	block_proposal_slot_portion: SlotProportion,
	telemetry: Option<TelemetryHandle>,
	/// Building the test-only second block of a slot ([`StartPocParams::test_equivocate`]).
	second_block: bool,
	_phantom: PhantomData<fn() -> B>,
}

#[async_trait::async_trait]
impl<B, C, E, I, Er, SO, L> SimpleSlotWorker<B> for PocWorker<B, C, E, I, SO, L>
where
	B: BlockT,
	C: ProvideRuntimeApi<B> + BlockOf + HeaderBackend<B> + Sync + Send,
	C::Api: PocApi<B, AccountId>,
	E: Environment<B, Error = Er> + Send + Sync,
	E::Proposer: Proposer<B, Error = Er>,
	I: BlockImport<B> + Send + Sync + 'static,
	SO: SyncOracle + Send + Clone + Sync,
	L: JustificationSyncLink<B>,
	Er: std::error::Error + Send + From<ConsensusError> + 'static,
{
	type BlockImport = I;
	type SyncOracle = SO;
	type JustificationSyncLink = L;
	type CreateProposer =
		Pin<Box<dyn Future<Output = Result<E::Proposer, ConsensusError>> + Send + 'static>>;
	type Proposer = E::Proposer;
	type Claim = Claim;
	type AuxData = LotteryParams;

	fn logging_target(&self) -> &'static str {
		LOG_TARGET
	}

	fn block_import(&mut self) -> &mut Self::BlockImport {
		&mut self.block_import
	}

	fn aux_data(&self, header: &B::Header, _slot: Slot) -> Result<LotteryParams, ConsensusError> {
		self.client
			.runtime_api()
			.lottery(header.hash())
			.map_err(|e| Error::RuntimeApi(e.to_string()).into())
	}

	fn authorities_len(&self, params: &LotteryParams) -> Option<usize> {
		Some(params.authorities.len())
	}

	async fn claim_slot(
		&mut self,
		header: &B::Header,
		slot: Slot,
		params: &LotteryParams,
	) -> Option<Claim> {
		let claim = claim_slot(slot, params, &self.keystore);
		if let Some(claim) = &claim {
			debug!(
				target: LOG_TARGET,
				"🎲 Claimed slot {slot} ({:?}) on #{} as authority {}",
				claim.pre_digest.kind,
				header.number(),
				claim.pre_digest.authority_index,
			);
		}
		claim
	}

	fn pre_digest_data(&self, _slot: Slot, claim: &Claim) -> Vec<DigestItem> {
		let mut digest = vec![DigestItem::poc_pre_digest(&claim.pre_digest)];
		if self.second_block {
			// Makes the test-only second block differ from the first; the runtime ignores it.
			digest.push(DigestItem::Other(b"aether/test-equivocation".to_vec()));
		}
		digest
	}

	async fn block_import_params(
		&self,
		header: B::Header,
		header_hash: &B::Hash,
		body: Vec<B::Extrinsic>,
		storage_changes: StorageChanges<B>,
		claim: Claim,
		_params: LotteryParams,
	) -> Result<BlockImportParams<B>, ConsensusError> {
		let seal = seal(header_hash.as_ref(), &claim.author, &self.keystore)?;
		info!(
			target: LOG_TARGET,
			"⛏  Sealed block #{} in slot {} ({:?} claim by authority {})",
			header.number(),
			claim.pre_digest.slot,
			claim.pre_digest.kind,
			claim.pre_digest.authority_index,
		);
		let mut import_block = BlockImportParams::new(BlockOrigin::Own, header);
		import_block.post_digests.push(seal);
		import_block.body = Some(body);
		import_block.state_action =
			StateAction::ApplyChanges(ConsensusStorageChanges::Changes(storage_changes));
		import_block.fork_choice = Some(ForkChoiceStrategy::LongestChain);
		Ok(import_block)
	}

	fn force_authoring(&self) -> bool {
		self.force_authoring
	}

	fn sync_oracle(&mut self) -> &mut SO {
		&mut self.sync_oracle
	}

	fn justification_sync_link(&mut self) -> &mut L {
		&mut self.justification_sync_link
	}

	fn proposer(&mut self, block: &B::Header) -> Self::CreateProposer {
		Box::pin(self.env.init(block).map_err(|e| ConsensusError::ClientImport(format!("{e:?}"))))
	}

	fn telemetry(&self) -> Option<TelemetryHandle> {
		self.telemetry.clone()
	}

	fn proposing_remaining_duration(&self, slot_info: &SlotInfo<B>) -> std::time::Duration {
		// No lenience for empty slots: in a lottery most slots are empty by design.
		sc_consensus_slots::proposing_remaining_duration(
			None,
			slot_info,
			&self.block_proposal_slot_portion,
			None,
			sc_consensus_slots::SlotLenienceType::Exponential,
			LOG_TARGET,
		)
	}
}
