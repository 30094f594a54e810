//! End to end through the citizen gateway (`safetynet-gateway`) in front of a development node:
//!
//! 1. `@polkadot/api` connects through the gateway, signs in with a citizen's key, submits the
//!    citizen's registration request and reads it back, with no custom types
//!    (`tests/js/gateway-check.mjs`);
//! 2. a citizen reads their own case (with its history) and payments, and is refused another
//!    citizen's case, payments and balance, the chain's events and block bodies, and the submission
//!    of another key's transaction;
//! 3. requests are limited per account and per address, and connections per address.

use anyhow::{anyhow, bail, ensure, Context, Result};
use safetynet_e2e::{
	chain::{self, cid, hex, keypair},
	gateway::{sign_in, Gateway},
	repo_root,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec, pallet_insurance::types::InsuranceForm,
			safetynet_primitives::roles::Role, sp_arithmetic::per_things::Permill,
		},
	},
	setup::Dev,
};
use sp_crypto_hashing::{blake2_128, twox_128, twox_64};
use std::process::Command;
use subxt::utils::H256;
use subxt_rpcs::{rpc_params, RpcClient};
use subxt_signer::sr25519::Keypair;

const YUAN: u128 = 100;

/// The storage key of `pallet.item` under the `Twox64Concat` keys `ids`.
fn id_key(pallet: &str, item: &str, ids: &[Vec<u8>]) -> String {
	let mut key = [twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat();
	for id in ids {
		key.extend(twox_64(id));
		key.extend(id);
	}
	format!("0x{}", hex(&key))
}

/// The storage key of `pallet.item` under the `Blake2_128Concat` account of `who`.
fn account_key(pallet: &str, item: &str, who: &Keypair) -> String {
	let id = who.public_key().0;
	let mut key = [twox_128(pallet.as_bytes()), twox_128(item.as_bytes())].concat();
	key.extend(blake2_128(&id));
	key.extend(id);
	format!("0x{}", hex(&key))
}

/// `who` applies for social insurance at agency 0; returns the case id.
async fn insure(dev: &Dev, who: &Keypair, label: &str) -> Result<u64> {
	let form = InsuranceForm {
		agency: 0,
		form_cid: Some(cid(format!("insurance form of {label}").as_bytes())),
		photo_cid: Some(cid(format!("{label}'s photo").as_bytes())),
		bank_account_ref: H256([7; 32]),
		monthly_income: 8_000 * YUAN,
		payment_ratio: Permill(80_000),
		documents: BoundedVec(vec![]),
		salt: [9; 32],
	};
	let (events, _) = dev.submit(&runtime::transactions().insurance().apply(form), who).await?;
	let approved = events
		.find_first::<runtime::insurance::events::InsuranceApproved>()
		.ok_or_else(|| anyhow!("{label}'s insurance was not approved"))??;
	Ok(approved.case)
}

/// A transfer of one yuan from `from` to `to`, signed by `from` and hex-encoded, not submitted.
async fn signed_transfer(dev: &Dev, from: &Keypair, to: &Keypair) -> Result<String> {
	let transfer = runtime::transactions()
		.balances()
		.transfer_keep_alive(chain::account(to).into(), YUAN);
	let at = dev.api.at_current_block().await?;
	let nonce = chain::next_nonce(&dev.node.ws_url(), from).await?;
	let params = subxt::config::DefaultExtrinsicParamsBuilder::<subxt::PolkadotConfig>::new()
		.nonce(nonce)
		.build();
	let tx = at.transactions().create_signable_offline(&transfer, params)?.sign(from)?;
	Ok(format!("0x{}", hex(tx.encoded())))
}

/// Calls `method` and returns the error's text; fails if the call succeeded.
async fn refusal(
	rpc: &RpcClient,
	method: &str,
	params: subxt_rpcs::client::RpcParams,
) -> Result<String> {
	match rpc.request::<serde_json::Value>(method, params).await {
		Ok(value) => bail!("{method} was answered: {value}"),
		Err(e) => Ok(e.to_string()),
	}
}

/// Fails unless the error text `text` names `expected`.
fn expect(text: &str, expected: &str) -> Result<()> {
	ensure!(text.contains(expected), "expected \"{expected}\", got: {text}");
	Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn citizens_reach_only_their_own_records_through_the_gateway() -> Result<()> {
	let dev = Dev::start().await?;

	// 1. @polkadot/api through a gateway with the default limits.
	{
		let gateway = Gateway::start(&dev.node.ws_url(), &[])?;
		let output = Command::new("node")
			.arg(repo_root().join("tests/js/gateway-check.mjs"))
			.arg(gateway.ws_url())
			.output()
			.context("running node (Node.js)")?;
		let stdout = String::from_utf8_lossy(&output.stdout);
		let stderr = String::from_utf8_lossy(&output.stderr);
		ensure!(
			output.status.success() && stdout.contains("ok: @polkadot/api"),
			"the Polkadot.js gateway check failed:\n{stdout}\n{stderr}\ngateway log:\n{}",
			gateway.log_text()
		);
	}

	// Two insured citizens, set up directly on the node.
	let officer = dev
		.add_staff(&dev.alice, Role::SocialInsuranceOfficer, "insurance-officer")
		.await?;
	let (eve, ferdie) = (keypair("//Eve"), keypair("//Ferdie"));
	dev.register_citizen(&eve, Role::InsuredEmployee, 0, b"eve's photo", &officer)
		.await?;
	dev.register_citizen(&ferdie, Role::InsuredEmployee, 0, b"ferdie's photo", &officer)
		.await?;
	let eve_case = insure(&dev, &eve, "eve").await?;
	let ferdie_case = insure(&dev, &ferdie, "ferdie").await?;

	// 2. Eve through a gateway with small limits (so step 3 reaches them quickly).
	let gateway = Gateway::start(
		&dev.node.ws_url(),
		&[
			"--per-account-rate",
			"1",
			"--per-account-burst",
			"40",
			"--per-address-rate",
			"1",
			"--per-address-burst",
			"120",
			"--max-connections-per-address",
			"4",
		],
	)?;
	let node = RpcClient::from_insecure_url(dev.node.ws_url()).await?;
	let rpc = RpcClient::from_insecure_url(gateway.ws_url()).await?;
	let case_key = |id: u64| id_key("Cases", "Cases", &[id.to_le_bytes().to_vec()]);

	expect(
		&refusal(&rpc, "state_getStorage", rpc_params![case_key(eve_case)]).await?,
		"sign in first",
	)?;
	let signed_in = sign_in(&rpc, &eve).await?;
	ensure!(signed_in == eve.public_key().to_account_id().to_string(), "signed in as {signed_in}");

	// Her case, its history and her payments: the same bytes the node holds.
	let read = |key: String| {
		let (rpc, node) = (rpc.clone(), node.clone());
		async move {
			let mine: Option<String> =
				rpc.request("state_getStorage", rpc_params![key.clone()]).await?;
			let direct: Option<String> = node.request("state_getStorage", rpc_params![key]).await?;
			ensure!(
				mine.is_some() && mine == direct,
				"the gateway read {mine:?}, the node {direct:?}"
			);
			Ok::<_, anyhow::Error>(mine.unwrap_or_default())
		}
	};
	read(case_key(eve_case)).await.context("her case")?;
	read(id_key(
		"Cases",
		"History",
		&[eve_case.to_le_bytes().to_vec(), 0u32.to_le_bytes().to_vec()],
	))
	.await
	.context("her case's history")?;
	let schedule_hex = read(id_key("Payments", "ScheduleOf", &[eve_case.to_le_bytes().to_vec()]))
		.await
		.context("her schedule's id")?;
	let schedule =
		u64::from_le_bytes(hex_bytes(&schedule_hex)?.get(..8).context("schedule id")?.try_into()?);
	read(id_key("Payments", "Schedules", &[schedule.to_le_bytes().to_vec()]))
		.await
		.context("her schedule")?;
	read(account_key("System", "Account", &eve)).await.context("her balance")?;
	let view: serde_json::Value = rpc.request("cases_get", rpc_params![eve_case]).await?;
	ensure!(view["history"].as_array().is_some_and(|h| !h.is_empty()), "no history: {view}");
	let mine: serde_json::Value = rpc.request("cases_ofAccount", rpc_params![]).await?;
	ensure!(mine.to_string().contains(&format!("\"id\":{eve_case}")), "her cases: {mine}");

	// Ferdie's case, schedule and balance; everyone's events and blocks; listing every case.
	expect(
		&refusal(&rpc, "state_getStorage", rpc_params![case_key(ferdie_case)]).await?,
		"not yours",
	)?;
	let ferdie_schedule: String = node
		.request(
			"state_getStorage",
			rpc_params![id_key("Payments", "ScheduleOf", &[ferdie_case.to_le_bytes().to_vec()])],
		)
		.await?;
	let ferdie_schedule =
		u64::from_le_bytes(hex_bytes(&ferdie_schedule)?.get(..8).context("id")?.try_into()?);
	let key = id_key("Payments", "Schedules", &[ferdie_schedule.to_le_bytes().to_vec()]);
	expect(&refusal(&rpc, "state_getStorage", rpc_params![key]).await?, "not yours")?;
	let key = account_key("System", "Account", &ferdie);
	expect(&refusal(&rpc, "state_getStorage", rpc_params![key]).await?, "not yours")?;
	expect(&refusal(&rpc, "cases_get", rpc_params![ferdie_case]).await?, "not yours")?;
	let who = ferdie.public_key().to_account_id().to_string();
	expect(&refusal(&rpc, "cases_ofAccount", rpc_params![who.clone()]).await?, "not yours")?;
	expect(&refusal(&rpc, "system_accountNextIndex", rpc_params![who]).await?, "not yours")?;
	// The same through runtime API calls: Ferdie's cases, nonce and case by id.
	let ferdie_data = format!("0x{}", hex(&ferdie.public_key().0));
	for method in ["CasesApi_cases_of", "AccountNonceApi_account_nonce"] {
		let refused = refusal(&rpc, "state_call", rpc_params![method, &ferdie_data]).await?;
		expect(&refused, "not yours")?;
	}
	let by_id = format!("0x{}", hex(&ferdie_case.to_le_bytes()));
	expect(&refusal(&rpc, "state_call", rpc_params!["CasesApi_case", by_id]).await?, "not yours")?;
	// Her own, by the same runtime API, are answered.
	let eve_data = format!("0x{}", hex(&eve.public_key().0));
	let _own: String =
		rpc.request("state_call", rpc_params!["CasesApi_cases_of", eve_data]).await?;
	let events = format!("0x{}", hex(&[twox_128(b"System"), twox_128(b"Events")].concat()));
	expect(&refusal(&rpc, "state_getStorage", rpc_params![events]).await?, "not offered")?;
	expect(&refusal(&rpc, "chain_getBlock", rpc_params![]).await?, "not offered")?;
	let every_case = format!("0x{}", hex(&[twox_128(b"Cases"), twox_128(b"Cases")].concat()));
	expect(
		&refusal(&rpc, "state_getKeysPaged", rpc_params![every_case, 10]).await?,
		"other people's records",
	)?;

	// A transaction signed by Ferdie is not relayed on Eve's connection; hers is.
	let by_ferdie = signed_transfer(&dev, &ferdie, &eve).await?;
	expect(&refusal(&rpc, "author_submitExtrinsic", rpc_params![by_ferdie]).await?, "not yours")?;
	let by_eve = signed_transfer(&dev, &eve, &ferdie).await?;
	let _hash: String = rpc.request("author_submitExtrinsic", rpc_params![by_eve]).await?;

	// 3. Eve's account runs out of requests before the address does...
	let limited = async |rpc: &RpcClient, most: usize| -> Result<(usize, String)> {
		for i in 0..most {
			if let Err(e) = rpc.request::<serde_json::Value>("system_health", rpc_params![]).await {
				return Ok((i, e.to_string()));
			}
		}
		bail!("no limit within {most} requests")
	};
	let (_, error) = limited(&rpc, 60).await?;
	expect(&error, "too many requests from this account")?;
	// ...and an anonymous connection from the same address then runs out of the address's.
	let anonymous = RpcClient::from_insecure_url(gateway.ws_url()).await?;
	let (_, error) = limited(&anonymous, 200).await?;
	expect(&error, "too many requests from this address")?;
	// Two connections are open from this address; two more may open, the fifth may not.
	let mut more = Vec::new();
	for _ in 0..2 {
		more.push(RpcClient::from_insecure_url(gateway.ws_url()).await?);
	}
	ensure!(
		RpcClient::from_insecure_url(gateway.ws_url()).await.is_err(),
		"a fifth connection from one address was accepted"
	);
	Ok(())
}

/// The bytes of `0x`-prefixed hex.
fn hex_bytes(text: &str) -> Result<Vec<u8>> {
	let text = text.trim_start_matches("0x");
	(0..text.len())
		.step_by(2)
		.map(|i| u8::from_str_radix(text.get(i..i + 2).context("odd hex")?, 16).map_err(Into::into))
		.collect()
}
