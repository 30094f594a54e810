//! A transaction pool that counts what it refuses, by reason, for the operator's metrics.
//!
//! Every transaction that reaches the node, from its RPC or from peers, goes through
//! `submit_one`, `submit_at` or `submit_and_watch`. [`RefusalCountingPool`] delegates each call
//! to the real pool and, when it refuses, counts the refusal under a reason an operator can act
//! on (see [`reason`]). Everything else is passed through untouched.

use crate::metrics::BusinessMetrics;
use codec::Decode;
use jsonrpsee::core::async_trait;
use sc_transaction_pool_api::{
	ChainEvent, ImportNotificationStream, MaintainedTransactionPool, PoolStatus, ReadyTransactions,
	TransactionFor, TransactionPool, TransactionSource, TransactionStatusStreamFor, TxHash,
	TxInvalidityReportMap,
};
use sp_runtime::traits::Block as BlockT;
use std::{collections::HashMap, pin::Pin, sync::Arc};

/// The node's pool, counting refusals into [`BusinessMetrics`] (when Prometheus is on).
pub struct RefusalCountingPool<P> {
	inner: Arc<P>,
	metrics: Option<BusinessMetrics>,
}

impl<P> RefusalCountingPool<P> {
	pub fn new(inner: Arc<P>, metrics: Option<BusinessMetrics>) -> Self {
		Self { inner, metrics }
	}

	/// Counts `outcome` if it is a refusal.
	fn count<T, E: std::fmt::Debug>(&self, outcome: &Result<T, E>) {
		if let (Some(metrics), Err(error)) = (&self.metrics, outcome) {
			metrics.refused(&reason(&format!("{error:?}")));
		}
	}
}

/// The reason label of a refusal, from the pool error's debug form (the pool's error type is
/// private to `sc-transaction-pool`; its debug form is the variant path, e.g.
/// `Pool(InvalidTransaction(Custom(3)))`):
/// - the admission rules' refusals (`Custom(index)` of the registration pallet's errors) by that
///   error's name: `CallNotAllowed`, `QuotaExceeded`, ...;
/// - other validity errors by their name: an unknown signer (`BadSigner`), a used or future nonce
///   (`Stale`, `Future`), `ExhaustsResources`, ...;
/// - the pool's own refusals by theirs: `AlreadyImported`, `TemporarilyBanned`, `TooLowPriority`,
///   `ImmediatelyDropped`, ...
pub fn reason(debug: &str) -> String {
	let mut rest = debug;
	for wrapper in ["Pool(", "InvalidTransaction(", "UnknownTransaction("] {
		rest = rest.strip_prefix(wrapper).unwrap_or(rest);
	}
	if let Some(index) = rest
		.strip_prefix("Custom(")
		.and_then(|tail| tail.split(')').next().and_then(|n| n.trim().parse::<u8>().ok()))
	{
		return pallet_registration::Error::<safetynet_runtime::Runtime>::decode(&mut &[index][..])
			.map(|e| <&'static str>::from(e).to_string())
			.unwrap_or_else(|_| format!("Custom{index}"));
	}
	let name: String = rest.chars().take_while(|c| c.is_ascii_alphanumeric()).collect();
	if name.is_empty() {
		"Other".into()
	} else {
		name
	}
}

#[async_trait]
impl<P> TransactionPool for RefusalCountingPool<P>
where
	P: TransactionPool,
	P::Error: std::fmt::Debug,
{
	type Block = P::Block;
	type Hash = P::Hash;
	type InPoolTransaction = P::InPoolTransaction;
	type Error = P::Error;

	async fn submit_at(
		&self,
		at: <Self::Block as BlockT>::Hash,
		source: TransactionSource,
		xts: Vec<TransactionFor<Self>>,
	) -> Result<Vec<Result<TxHash<Self>, Self::Error>>, Self::Error> {
		let outcome = self.inner.submit_at(at, source, xts).await;
		self.count(&outcome);
		if let Ok(each) = &outcome {
			each.iter().for_each(|one| self.count(one));
		}
		outcome
	}

	async fn submit_one(
		&self,
		at: <Self::Block as BlockT>::Hash,
		source: TransactionSource,
		xt: TransactionFor<Self>,
	) -> Result<TxHash<Self>, Self::Error> {
		let outcome = self.inner.submit_one(at, source, xt).await;
		self.count(&outcome);
		outcome
	}

	async fn submit_and_watch(
		&self,
		at: <Self::Block as BlockT>::Hash,
		source: TransactionSource,
		xt: TransactionFor<Self>,
	) -> Result<Pin<Box<TransactionStatusStreamFor<Self>>>, Self::Error> {
		let outcome = self.inner.submit_and_watch(at, source, xt).await;
		self.count(&outcome);
		outcome
	}

	async fn ready_at(
		&self,
		at: <Self::Block as BlockT>::Hash,
	) -> Box<dyn ReadyTransactions<Item = Arc<Self::InPoolTransaction>> + Send> {
		self.inner.ready_at(at).await
	}

	fn ready(&self) -> Box<dyn ReadyTransactions<Item = Arc<Self::InPoolTransaction>> + Send> {
		self.inner.ready()
	}

	async fn report_invalid(
		&self,
		at: Option<<Self::Block as BlockT>::Hash>,
		invalid_tx_errors: TxInvalidityReportMap<TxHash<Self>>,
	) -> Vec<Arc<Self::InPoolTransaction>> {
		self.inner.report_invalid(at, invalid_tx_errors).await
	}

	fn futures(&self) -> Vec<Self::InPoolTransaction> {
		self.inner.futures()
	}

	fn status(&self) -> PoolStatus {
		self.inner.status()
	}

	fn import_notification_stream(&self) -> ImportNotificationStream<TxHash<Self>> {
		self.inner.import_notification_stream()
	}

	fn on_broadcasted(&self, propagations: HashMap<TxHash<Self>, Vec<String>>) {
		self.inner.on_broadcasted(propagations)
	}

	fn hash_of(&self, xt: &TransactionFor<Self>) -> TxHash<Self> {
		self.inner.hash_of(xt)
	}

	fn ready_transaction(&self, hash: &TxHash<Self>) -> Option<Arc<Self::InPoolTransaction>> {
		self.inner.ready_transaction(hash)
	}

	async fn ready_at_with_timeout(
		&self,
		at: <Self::Block as BlockT>::Hash,
		timeout: std::time::Duration,
	) -> Box<dyn ReadyTransactions<Item = Arc<Self::InPoolTransaction>> + Send> {
		self.inner.ready_at_with_timeout(at, timeout).await
	}
}

#[async_trait]
impl<P> MaintainedTransactionPool for RefusalCountingPool<P>
where
	P: MaintainedTransactionPool,
	P::Error: std::fmt::Debug,
{
	async fn maintain(&self, event: ChainEvent<Self::Block>) {
		self.inner.maintain(event).await
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use codec::Encode;

	#[test]
	fn admission_refusals_are_named_by_the_registration_error() {
		let index =
			pallet_registration::Error::<safetynet_runtime::Runtime>::CallNotAllowed.encode()[0];
		assert_eq!(reason(&format!("Pool(InvalidTransaction(Custom({index})))")), "CallNotAllowed");
		assert_eq!(reason("Pool(InvalidTransaction(Custom(250)))"), "Custom250");
	}

	#[test]
	fn other_refusals_are_named_by_their_kind() {
		assert_eq!(reason("Pool(InvalidTransaction(BadSigner))"), "BadSigner");
		assert_eq!(reason("Pool(TemporarilyBanned)"), "TemporarilyBanned");
		assert_eq!(reason("Pool(AlreadyImported(Any { .. }))"), "AlreadyImported");
		assert_eq!(reason("RuntimeApi(\"boom\")"), "RuntimeApi");
	}
}
