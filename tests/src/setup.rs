//! Building the cast of a test on a development node: agencies of every kind, their staff, and
//! registered citizens — all through signed extrinsics, as the real actors would.

use crate::{
	chain::{self, account, cid, fresh_keypair, keypair, roles, Client, Events},
	node::Node,
	runtime::{
		self,
		runtime_types::{
			bounded_collections::bounded_vec::BoundedVec,
			pallet_registration::types::{RegistrationForm, Verification},
			safetynet_primitives::{
				identity::IdentityHash,
				region::RegionCode,
				roles::{AgencyKind, Role},
			},
		},
	},
};
use anyhow::{anyhow, bail, Result};
use subxt::{transactions::Payload, utils::H256};
use subxt_signer::sr25519::Keypair;

/// A development node and a client of it.
pub struct Dev {
	pub node: Node,
	pub api: Client,
	/// Alice: the development agency's administrator, and the council's first seat.
	pub alice: Keypair,
	/// The council's seats: Alice's, then the administrator of each agency
	/// [`Dev::add_agency`] added. Every motion of [`Dev::govern`] is voted by all of them.
	council: std::sync::Mutex<Vec<Keypair>>,
}

impl Dev {
	/// Starts a development node and connects to it.
	pub async fn start() -> Result<Dev> {
		Self::start_with(&[]).await
	}

	/// Starts a development node with `extra` arguments and connects to it.
	pub async fn start_with(extra: &[String]) -> Result<Dev> {
		let node = Node::dev_with(extra)?;
		let api = chain::connect(&node.ws_url()).await?;
		let alice = keypair("//Alice");
		let council = std::sync::Mutex::new(vec![alice.clone()]);
		Ok(Dev { node, api, alice, council })
	}

	/// Signs and submits `call`, waits until it is in a best block and succeeded; returns its
	/// events and the block's hash (see [`chain::submit_in_block`]).
	pub async fn submit<Call: Payload>(
		&self,
		call: &Call,
		signer: &Keypair,
	) -> Result<(Events, H256)> {
		chain::submit_in_block(&self.api, &self.node.ws_url(), call, signer).await
	}

	/// Passes `call` by council motion, dispatched as root. While Alice holds the council's one
	/// seat, her proposal passes at once (see [`chain::dev_motion`]); once agencies were added,
	/// every administrator votes for it and Alice closes it. Fails if the motion or the call
	/// failed.
	pub async fn govern(&self, call: runtime::Call) -> Result<Events> {
		let council = self.council.lock().unwrap_or_else(|e| e.into_inner()).clone();
		let events = if council.len() == 1 {
			self.submit(&chain::dev_motion(call), &self.alice).await?.0
		} else {
			let as_root = runtime::Call::Consortium(runtime::consortium::Call::dispatch_as_root {
				call: Box::new(call),
			});
			crate::network::council_motion(&self.api, &self.node.ws_url(), &council, as_root)
				.await?
		};
		chain::motion_succeeded(&events)?;
		Ok(events)
	}

	/// Governance (Alice's motion on `--dev`) adds an agency of `kind` serving `region`, with a
	/// fresh administrator.
	pub async fn add_agency(
		&self,
		kind: AgencyKind,
		name: &str,
		region: u64,
	) -> Result<(u32, Keypair)> {
		self.add_agency_with_admin(kind, name, region, fresh_keypair(name)).await
	}

	/// As [`Dev::add_agency`], administered by `admin`.
	pub async fn add_agency_with_admin(
		&self,
		kind: AgencyKind,
		name: &str,
		region: u64,
		admin: Keypair,
	) -> Result<(u32, Keypair)> {
		let call = runtime::Call::Registration(runtime::registration::Call::add_agency {
			kind,
			name: name.as_bytes().to_vec(),
			admin: account(&admin),
			region: RegionCode(region),
		});
		let events = self.govern(call).await?;
		let added = events
			.find_first::<runtime::registration::events::AgencyAdded>()
			.ok_or_else(|| anyhow!("no AgencyAdded event"))??;
		// The new administrator holds a council seat from now on.
		self.council.lock().unwrap_or_else(|e| e.into_inner()).push(admin.clone());
		Ok((added.agency, admin))
	}

	/// `admin` registers a fresh staff member with `role`, posted to the agency's whole region.
	pub async fn add_staff(&self, admin: &Keypair, role: Role, label: &str) -> Result<Keypair> {
		Ok(self.add_staff_with_uri(admin, role, label).await?.0)
	}

	/// As [`Dev::add_staff`], also returning the member's secret URI (for their key file).
	pub async fn add_staff_with_uri(
		&self,
		admin: &Keypair,
		role: Role,
		label: &str,
	) -> Result<(Keypair, String)> {
		add_staff_at(&self.api, &self.node.ws_url(), admin, role, label).await
	}

	/// `who` asks `agency` to register them with `role` (photo `photo`), and `verifier` confirms
	/// them as living in `residence` with the household `members`.
	#[allow(clippy::too_many_arguments)]
	pub async fn register_household(
		&self,
		who: &Keypair,
		role: Role,
		agency: u32,
		photo: &[u8],
		verifier: &Keypair,
		residence: u64,
		members: &[IdentityHash],
	) -> Result<()> {
		let (api, url) = (&self.api, &self.node.ws_url());
		register_household_at(api, url, who, role, agency, photo, verifier, residence, members)
			.await
	}

	/// `who` asks `agency` to register them with `role` (photo `photo`), and `verifier` confirms
	/// them as living in [`HOME`], alone.
	pub async fn register_citizen(
		&self,
		who: &Keypair,
		role: Role,
		agency: u32,
		photo: &[u8],
		verifier: &Keypair,
	) -> Result<()> {
		self.register_household(who, role, agency, photo, verifier, HOME, &[]).await
	}

	/// The free balance of `who` at block `at`.
	pub async fn free_balance(&self, who: &Keypair, at: H256) -> Result<u128> {
		let at = self.api.at_block(at).await?;
		let info = at
			.storage()
			.entry(runtime::storage().system().account())?
			.fetch((account(who),))
			.await?
			.decode()?;
		Ok(info.data.free)
	}

	/// The free balance of the fund of `agency` at block `at`.
	pub async fn fund_balance(&self, agency: u32, at: H256) -> Result<u128> {
		let fund = fund_account(agency);
		let at = self.api.at_block(at).await?;
		let info = at
			.storage()
			.entry(runtime::storage().system().account())?
			.try_fetch((fund,))
			.await?;
		Ok(match info {
			Some(info) => info.decode()?.data.free,
			None => 0,
		})
	}

	/// The case `id` with its history, as the `cases_get` RPC method returns it.
	pub async fn case_json(&self, id: u64) -> Result<serde_json::Value> {
		let rpc = subxt_rpcs::RpcClient::from_insecure_url(self.node.ws_url()).await?;
		Ok(rpc
			.request::<serde_json::Value>("cases_get", subxt_rpcs::rpc_params![id])
			.await?)
	}

	/// Waits until the chain's best block is at least `number`.
	pub async fn wait_for_block(&self, number: u64) -> Result<H256> {
		let mut blocks = self.api.stream_best_blocks().await?;
		while let Some(block) = blocks.next().await {
			let block = block?;
			if block.number() >= number {
				return Ok(block.hash());
			}
		}
		bail!("the block stream ended")
	}
}

/// `admin` registers a fresh staff member with `role`, posted to the agency's whole region, over
/// the node at `url`; returns the member's key and secret URI (for their key file).
pub async fn add_staff_at(
	api: &Client,
	url: &str,
	admin: &Keypair,
	role: Role,
	label: &str,
) -> Result<(Keypair, String)> {
	let uri = chain::fresh_uri(label);
	let staff = chain::keypair(&uri);
	// The best block: the agency may have been added in a block not yet final.
	let best = chain::best_hash(url).await?;
	let at = api.at_block(best).await?;
	let agency = at
		.storage()
		.entry(runtime::storage().registration().admin_of())?
		.fetch((account(admin),))
		.await?
		.decode()?;
	let region = at
		.storage()
		.entry(runtime::storage().registration().agencies())?
		.fetch((agency,))
		.await?
		.decode()?
		.region;
	let identity = chain::identity(&format!("staff {label} {}", account(&staff)));
	let call = runtime::transactions().registration().register_staff(
		account(&staff),
		roles(&[role]),
		identity,
		region,
	);
	chain::submit_in_block(api, url, &call, admin).await?;
	Ok((staff, uri))
}

/// Over the node at `url`, `who` asks `agency` to register them with `role` (photo `photo`),
/// and `verifier` confirms them as living in `residence` with the household `members`.
#[allow(clippy::too_many_arguments)]
pub async fn register_household_at(
	api: &Client,
	url: &str,
	who: &Keypair,
	role: Role,
	agency: u32,
	photo: &[u8],
	verifier: &Keypair,
	residence: u64,
	members: &[IdentityHash],
) -> Result<()> {
	let form = RegistrationForm {
		roles: roles(&[role]),
		id_valid_until: chain::valid_for_years(5),
		form_cid: cid(&[b"registration form of ".as_slice(), &account(who).0].concat()),
		photo_cid: Some(cid(photo)),
		agency,
	};
	let work = chain::registration_work(api, &account(who), &form).await?;
	chain::submit_in_block(
		api,
		url,
		&runtime::transactions().registration().request_registration(form, work),
		who,
	)
	.await?;
	let verification = Verification {
		identity: person(who),
		residence: RegionCode(residence),
		household: BoundedVec(members.to_vec()),
	};
	let verify = runtime::transactions()
		.registration()
		.verify_citizen(account(who), verification);
	chain::submit_in_block(api, url, &verify, verifier).await?;
	Ok(())
}

/// The fund account of `agency`: `modl` ++ `sn/funds` ++ the agency id, as the runtime derives
/// it (`PalletId::into_sub_account_truncating`).
pub fn fund_account(agency: u32) -> subxt::utils::AccountId32 {
	use codec::Encode;
	let mut raw = [0u8; 32];
	let derived = (b"modl", b"sn/funds", agency).encode();
	raw[..derived.len()].copy_from_slice(&derived);
	subxt::utils::AccountId32(raw)
}

/// Beijing (province): the development agency's region.
pub const BEIJING: u64 = 110_000_000_000;
/// Chaoyang district, Beijing: where the test agencies serve.
pub const DISTRICT: u64 = 110_105_000_000;
/// A sub-district of it.
pub const SUBDISTRICT: u64 = 110_105_001_000;
/// A neighbourhood of that: where test citizens live.
pub const HOME: u64 = 110_105_001_001;

/// The identity hash of the person behind the citizen account `who` (each test account is a
/// different person).
pub fn person(who: &Keypair) -> IdentityHash {
	chain::identity(&person_seed(who))
}

/// The ID card number of the person behind the citizen account `who`.
pub fn id_number_of(who: &Keypair) -> String {
	chain::id_number(&person_seed(who))
}

fn person_seed(who: &Keypair) -> String {
	format!("citizen {}", account(who))
}

/// The agencies of the household review in the applicant's district, with a staff member for
/// each step and a democratic review team drawn from two of them.
pub struct HouseholdReview {
	/// The civil affairs department, and its administrator.
	pub civil: u32,
	pub civil_admin: Keypair,
	pub officer: Keypair,
	pub inspector: Keypair,
	pub accountant: Keypair,
	/// Two reviewers of the civil affairs department, then one of the neighbourhood committee.
	pub team: Vec<Keypair>,
	/// The members' secret URIs, by label: `civil-officer`, `inspector`, `accountant`,
	/// `reviewer0` to `reviewer2`.
	pub uris: std::collections::BTreeMap<&'static str, String>,
}

/// What the household review's set-up needs of a network: governance that adds agencies and
/// review seats, and a node to submit to. The development node ([`Dev`]) and the four-agency
/// network ([`crate::network::Consortium`]) both have it.
#[allow(async_fn_in_trait)]
pub trait Governed {
	/// A client of the node the set-up submits to, and its URL.
	fn client(&self) -> &Client;
	fn url(&self) -> String;
	/// Governance adds an agency of `kind` serving `region`, with a fresh administrator.
	async fn add_agency(&self, kind: AgencyKind, name: &str, region: u64)
		-> Result<(u32, Keypair)>;
	/// Passes `call` through the network's governance (see [`Dev::govern`],
	/// [`crate::network::Consortium::council`]).
	async fn govern(&self, call: runtime::Call) -> Result<()>;
	/// Governance lets `agency`'s staff hold `seats` review seats.
	async fn set_review_seats(&self, agency: u32, seats: u32) -> Result<()> {
		let call = runtime::Call::Registration(runtime::registration::Call::set_review_seats {
			agency,
			seats,
		});
		self.govern(call).await
	}
}

impl Governed for Dev {
	fn client(&self) -> &Client {
		&self.api
	}
	fn url(&self) -> String {
		self.node.ws_url()
	}
	async fn add_agency(
		&self,
		kind: AgencyKind,
		name: &str,
		region: u64,
	) -> Result<(u32, Keypair)> {
		Dev::add_agency(self, kind, name, region).await
	}
	async fn govern(&self, call: runtime::Call) -> Result<()> {
		Dev::govern(self, call).await.map(|_| ())
	}
}

impl Governed for crate::network::Consortium {
	fn client(&self) -> &Client {
		self.api()
	}
	fn url(&self) -> String {
		crate::network::Consortium::url(self, 0)
	}
	async fn add_agency(
		&self,
		kind: AgencyKind,
		name: &str,
		region: u64,
	) -> Result<(u32, Keypair)> {
		crate::network::Consortium::add_agency(self, kind, name, region).await
	}
	async fn govern(&self, call: runtime::Call) -> Result<()> {
		self.council(call).await.map(|_| ())
	}
}

/// Adds the civil affairs department of [`DISTRICT`], then the rest of
/// [`household_review_with`].
pub async fn household_review(dev: &Dev) -> Result<HouseholdReview> {
	let (civil, civil_admin) = dev
		.add_agency(
			AgencyKind::CivilAffairsDepartment,
			"Chaoyang Civil Affairs Department",
			DISTRICT,
		)
		.await?;
	dev.set_review_seats(civil, 2).await?;
	household_review_with(dev, civil, civil_admin).await
}

/// Beside the civil affairs department `civil` (whose staff must be allowed two review seats),
/// adds the neighbourhood committee of [`HOME`] and the sub-district office of [`SUBDISTRICT`],
/// with a civil affairs officer, an inspector, an accountant and three reviewers.
pub async fn household_review_with(
	network: &impl Governed,
	civil: u32,
	civil_admin: Keypair,
) -> Result<HouseholdReview> {
	let (committee, committee_admin) = network
		.add_agency(AgencyKind::NeighborhoodCommittee, "Jianwai Neighbourhood Committee", HOME)
		.await?;
	let (_, sub_district_admin) = network
		.add_agency(AgencyKind::SubDistrictOffice, "Jianwai Sub-district Office", SUBDISTRICT)
		.await?;
	network.set_review_seats(committee, 1).await?;
	let mut uris = std::collections::BTreeMap::new();
	let (api, url) = (network.client(), network.url());
	let mut member = async |admin: &Keypair, role: Role, label: &'static str| {
		let (key, uri) = add_staff_at(api, &url, admin, role, label).await?;
		uris.insert(label, uri);
		anyhow::Ok(key)
	};
	let officer = member(&civil_admin, Role::CivilAffairsOfficer, "civil-officer").await?;
	let inspector =
		member(&committee_admin, Role::NeighborhoodCommitteeMember, "inspector").await?;
	let accountant = member(&sub_district_admin, Role::SubDistrictAccountant, "accountant").await?;
	let mut team = Vec::new();
	for (admin, label) in
		[(&civil_admin, "reviewer0"), (&civil_admin, "reviewer1"), (&committee_admin, "reviewer2")]
	{
		team.push(member(admin, Role::DemocraticReviewMember, label).await?);
	}
	Ok(HouseholdReview { civil, civil_admin, officer, inspector, accountant, team, uris })
}

/// The review team approves `case`: a civil affairs reviewer proposes (and votes aye), the
/// committee's reviewer votes aye — two agencies, a majority of three — and closes the motion,
/// which dispatches the service's decision. Returns the block the outcome is in.
pub async fn review_vote(dev: &Dev, team: &[Keypair], case: u64) -> Result<H256> {
	let tx = runtime::transactions().democratic_review();
	dev.submit(&tx.propose(case, true, Some(cid(b"review minutes"))), &team[0])
		.await?;
	dev.submit(&tx.vote(case, true), &team[2]).await?;
	let (events, block) = dev.submit(&tx.close(case), &team[2]).await?;
	let closed = events
		.find_first::<runtime::democratic_review::events::MotionClosed>()
		.ok_or_else(|| anyhow!("the motion was not closed"))??;
	if !closed.carried {
		bail!("the motion did not carry");
	}
	let executed = events
		.find_first::<runtime::review_team::events::Executed>()
		.ok_or_else(|| anyhow!("the motion was not executed"))??;
	if executed.result.is_err() {
		bail!("the review's call failed: {:?}", executed.result);
	}
	Ok(block)
}
