//! The business figures on the node's Prometheus endpoint, beside Substrate's own: what an
//! agency's operator watches to see whether citizens' cases flow.
//!
//! - `safetynet_cases_opened_total{service}` and `safetynet_cases_closed_total{service,status}`:
//!   counted from the events of each block as it is finalised, so a block on an abandoned fork is
//!   never counted. They count from the node's start, as Prometheus counters do.
//! - `safetynet_steps_overdue{service}`: cases whose current step is past its deadline, and
//!   `safetynet_seals_pending`: approved cases still waiting for their agency's seal. Both are read
//!   from the state of the last finalised block.
//! - `safetynet_pool_refused_total{reason}`: transactions the pool refused, by reason. The
//!   admission rules' own refusals are named by the registration pallet's error (`CallNotAllowed`,
//!   `QuotaExceeded`, ...); see [`RefusalCountingPool`].

use codec::Decode;
use futures::StreamExt;
use pallet_cases::runtime_api::CasesApi;
use prometheus_endpoint::{
	register, CounterVec, Gauge, GaugeVec, Opts, PrometheusError, Registry, U64,
};
use safetynet_primitives::cases::{CaseStatus, Service};
use safetynet_runtime::{opaque::Block, AccountId, BlockNumber, RuntimeEvent};
use sc_client_api::{BlockchainEvents, StorageProvider};
use sp_api::ProvideRuntimeApi;
use sp_core::storage::StorageKey;
use sp_runtime::traits::Block as BlockT;
use std::sync::Arc;

type Hash = <Block as BlockT>::Hash;

const LOG_TARGET: &str = "safetynet-metrics";

/// The business metrics, registered once with the node's registry.
#[derive(Clone)]
pub struct BusinessMetrics {
	opened: CounterVec<U64>,
	closed: CounterVec<U64>,
	overdue: GaugeVec<U64>,
	seals_pending: Gauge<U64>,
	refused: CounterVec<U64>,
}

impl BusinessMetrics {
	/// Registers the metrics with `registry`.
	pub fn register(registry: &Registry) -> Result<Self, PrometheusError> {
		Ok(Self {
			opened: register(
				CounterVec::new(
					Opts::new("safetynet_cases_opened_total", "Cases opened, per service"),
					&["service"],
				)?,
				registry,
			)?,
			closed: register(
				CounterVec::new(
					Opts::new(
						"safetynet_cases_closed_total",
						"Cases that reached a final status, per service and status",
					),
					&["service", "status"],
				)?,
				registry,
			)?,
			overdue: register(
				GaugeVec::new(
					Opts::new(
						"safetynet_steps_overdue",
						"Cases whose current step is past its deadline, per service",
					),
					&["service"],
				)?,
				registry,
			)?,
			seals_pending: register(
				Gauge::new(
					"safetynet_seals_pending",
					"Approved cases waiting for their agency's seal",
				)?,
				registry,
			)?,
			refused: register(
				CounterVec::new(
					Opts::new(
						"safetynet_pool_refused_total",
						"Transactions the pool refused, per reason",
					),
					&["reason"],
				)?,
				registry,
			)?,
		})
	}

	/// Counts one refusal of the pool, for `reason`.
	pub fn refused(&self, reason: &str) {
		self.refused.with_label_values(&[reason]).inc();
	}
}

/// Every service, for labels that exist (at zero) before the first case.
const SERVICES: [Service; 4] = [
	Service::SocialInsurance,
	Service::SocialAssistance,
	Service::SocialWelfare,
	Service::MinimumLiving,
];

/// The label of `service`: its name in the runtime's metadata.
fn service_label(service: &Service) -> String {
	format!("{service:?}")
}

/// Follows finality: counts each finalised block's case events and refreshes the gauges from
/// the state of the newest finalised block. Runs until the node stops.
pub async fn follow_finality<C>(client: Arc<C>, metrics: BusinessMetrics)
where
	C: BlockchainEvents<Block>
		+ StorageProvider<Block, sc_service::TFullBackend<Block>>
		+ ProvideRuntimeApi<Block>
		+ Send
		+ Sync
		+ 'static,
	C::Api: CasesApi<Block, AccountId, BlockNumber>,
{
	for service in &SERVICES {
		metrics.opened.with_label_values(&[&service_label(service)]);
		metrics.overdue.with_label_values(&[&service_label(service)]).set(0);
	}
	let mut finalized = client.finality_notification_stream();
	while let Some(notification) = finalized.next().await {
		// Blocks finalised implicitly come first, oldest first, then the notified one.
		for hash in notification.tree_route.iter().chain(std::iter::once(&notification.hash)) {
			if let Err(e) = count_events(&*client, &metrics, *hash) {
				log::warn!(target: LOG_TARGET, "case events of {hash}: {e}");
			}
		}
		if let Err(e) = refresh_gauges(&*client, &metrics, notification.hash) {
			log::warn!(target: LOG_TARGET, "gauges at {}: {e}", notification.hash);
		}
	}
}

/// `System::Events`' storage key.
fn events_key() -> StorageKey {
	StorageKey([sp_io::hashing::twox_128(b"System"), sp_io::hashing::twox_128(b"Events")].concat())
}

/// `Documents::AwaitingSeal`'s key prefix.
fn awaiting_seal_prefix() -> StorageKey {
	StorageKey(
		[sp_io::hashing::twox_128(b"Documents"), sp_io::hashing::twox_128(b"AwaitingSeal")]
			.concat(),
	)
}

/// Counts the cases opened and closed in block `hash`.
fn count_events<C>(client: &C, metrics: &BusinessMetrics, hash: Hash) -> Result<(), String>
where
	C: StorageProvider<Block, sc_service::TFullBackend<Block>> + ProvideRuntimeApi<Block>,
	C::Api: CasesApi<Block, AccountId, BlockNumber>,
{
	let Some(raw) = client.storage(hash, &events_key()).map_err(|e| e.to_string())? else {
		return Ok(());
	};
	// A runtime upgrade that changes the events' layout makes this fail until the node is
	// upgraded too; it is logged and the block is skipped, never guessed at.
	let events = Vec::<frame_system::EventRecord<RuntimeEvent, Hash>>::decode(&mut &raw.0[..])
		.map_err(|e| format!("undecodable events: {e}"))?;
	for record in events {
		match record.event {
			RuntimeEvent::Cases(pallet_cases::Event::CaseOpened { service, .. }) =>
				metrics.opened.with_label_values(&[&service_label(&service)]).inc(),
			RuntimeEvent::Cases(pallet_cases::Event::CaseAdvanced { case, status, .. })
				if status.is_final() =>
			{
				let service = client
					.runtime_api()
					.case(hash, case)
					.map_err(|e| e.to_string())?
					.map(|view| service_label(&view.case.service))
					.unwrap_or_else(|| "unknown".into());
				metrics.closed.with_label_values(&[&service, status_label(&status)]).inc();
			},
			_ => {},
		}
	}
	Ok(())
}

/// The label of a final status.
fn status_label(status: &CaseStatus) -> &'static str {
	match status {
		CaseStatus::Rejected => "Rejected",
		CaseStatus::Withdrawn => "Withdrawn",
		CaseStatus::Closed => "Closed",
		_ => "Other",
	}
}

/// Sets the overdue and seal gauges from the state of block `hash`.
fn refresh_gauges<C>(client: &C, metrics: &BusinessMetrics, hash: Hash) -> Result<(), String>
where
	C: StorageProvider<Block, sc_service::TFullBackend<Block>> + ProvideRuntimeApi<Block>,
	C::Api: CasesApi<Block, AccountId, BlockNumber>,
{
	let overdue = client.runtime_api().overdue(hash).map_err(|e| e.to_string())?;
	for service in &SERVICES {
		let count = overdue.iter().filter(|case| case.service == *service).count();
		metrics.overdue.with_label_values(&[&service_label(service)]).set(count as u64);
	}
	let pending = client
		.storage_keys(hash, Some(&awaiting_seal_prefix()), None)
		.map_err(|e| e.to_string())?
		.count();
	metrics.seals_pending.set(pending as u64);
	Ok(())
}
