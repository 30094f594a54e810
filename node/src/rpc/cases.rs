//! `cases_*` JSON-RPC methods: the lifecycle's runtime API, for front ends that speak plain
//! JSON-RPC rather than decoding runtime API results themselves.

use jsonrpsee::{
	core::{async_trait, RpcResult},
	proc_macros::rpc,
	types::error::ErrorObject,
};
use pallet_cases::{runtime_api::CasesApi as CasesRuntimeApi, CaseSummary, CaseView};
use safetynet_primitives::{cases::CaseId, AgencyId, Role};
use safetynet_runtime::{opaque::Block, AccountId, BlockNumber};
use sp_api::ProvideRuntimeApi;
use sp_blockchain::HeaderBackend;
use std::sync::Arc;

type Hash = <Block as sp_runtime::traits::Block>::Hash;

/// Reading cases over JSON-RPC. Every method takes an optional block hash (default: best).
#[rpc(server)]
pub trait CasesApi {
	/// The cases `who` applied for, oldest first.
	#[method(name = "cases_ofAccount")]
	fn cases_of(
		&self,
		who: AccountId,
		at: Option<Hash>,
	) -> RpcResult<Vec<CaseSummary<BlockNumber>>>;

	/// One case with its whole history.
	#[method(name = "cases_get")]
	fn case(
		&self,
		id: CaseId,
		at: Option<Hash>,
	) -> RpcResult<Option<CaseView<AccountId, BlockNumber>>>;

	/// The cases waiting for `role` (e.g. "CivilAffairsOfficer"), oldest first.
	#[method(name = "cases_queue")]
	fn queue(
		&self,
		role: Role,
		agency: Option<AgencyId>,
		at: Option<Hash>,
	) -> RpcResult<Vec<CaseSummary<BlockNumber>>>;

	/// The cases whose current step is past its deadline.
	#[method(name = "cases_overdue")]
	fn overdue(&self, at: Option<Hash>) -> RpcResult<Vec<CaseSummary<BlockNumber>>>;
}

/// Serves [`CasesApiServer`] from the client's runtime.
pub struct Cases<C> {
	client: Arc<C>,
}

impl<C> Cases<C> {
	pub fn new(client: Arc<C>) -> Self {
		Self { client }
	}

	fn best(&self, at: Option<Hash>) -> Hash
	where
		C: HeaderBackend<Block>,
	{
		at.unwrap_or_else(|| self.client.info().best_hash)
	}
}

/// A runtime API failure, as a JSON-RPC error.
fn runtime_error(e: impl std::fmt::Display) -> ErrorObject<'static> {
	ErrorObject::owned(9000, "runtime API call failed", Some(e.to_string()))
}

#[async_trait]
impl<C> CasesApiServer for Cases<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: CasesRuntimeApi<Block, AccountId, BlockNumber>,
{
	fn cases_of(
		&self,
		who: AccountId,
		at: Option<Hash>,
	) -> RpcResult<Vec<CaseSummary<BlockNumber>>> {
		self.client.runtime_api().cases_of(self.best(at), who).map_err(runtime_error)
	}

	fn case(
		&self,
		id: CaseId,
		at: Option<Hash>,
	) -> RpcResult<Option<CaseView<AccountId, BlockNumber>>> {
		self.client.runtime_api().case(self.best(at), id).map_err(runtime_error)
	}

	fn queue(
		&self,
		role: Role,
		agency: Option<AgencyId>,
		at: Option<Hash>,
	) -> RpcResult<Vec<CaseSummary<BlockNumber>>> {
		self.client
			.runtime_api()
			.queue(self.best(at), role, agency)
			.map_err(runtime_error)
	}

	fn overdue(&self, at: Option<Hash>) -> RpcResult<Vec<CaseSummary<BlockNumber>>> {
		self.client.runtime_api().overdue(self.best(at)).map_err(runtime_error)
	}
}
