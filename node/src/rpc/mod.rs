//! The node's RPC methods beyond the standard Substrate set that `sc-service` already serves.

mod cases;

use std::sync::Arc;

use jsonrpsee::RpcModule;
use safetynet_runtime::{opaque::Block, AccountId, Nonce};
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC methods need from the node.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
}

/// Builds the node's extra RPC methods.
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
	C::Api: substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>,
	C::Api: BlockBuilder<Block>,
	C::Api: pallet_cases::runtime_api::CasesApi<Block, AccountId, safetynet_runtime::BlockNumber>,
	P: TransactionPool + 'static,
{
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool } = deps;

	// `system_accountNextIndex`: the next nonce, counting transactions still in the pool.
	module.merge(System::new(client.clone(), pool).into_rpc())?;
	// `cases_*`: a person's cases, one case with its history, a role's queue, the overdue ones.
	module.merge(cases::CasesApiServer::into_rpc(cases::Cases::new(client)))?;

	Ok(module)
}
